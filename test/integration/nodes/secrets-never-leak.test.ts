// After a run that used every credential type — against remotes that echo back whatever
// they received — no secret value appears in any API response, execution record or log line.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow } from './flow-helpers.ts';
import { type StandIn, startStandIn, TOKENS } from './saas-stand-in.ts';

const S = {
  apiKey: 'apikey-secret-0a1b2c3d4e',
  apiKeyQuery: 'apikey-query-secret-9z8y7x',
  bearer: 'bearer-secret-5e6f7a8b9c',
  basicPass: 'basic-pass-1q2w3e4r5t',
  oauthSecret: 'oauth-client-secret-6y7u8i9o',
  smtpPass: 'smtp-pass-secret-3e4r5t6y',
  hmac: `whsec_${Buffer.from('hmac-secret-32-bytes-long-000001').toString('base64')}`,
  slackHook: '',
};

describe('secrets never leak', () => {
  let hf: TestHookflow;
  let api: StandIn;
  let echo: http.Server;
  let echoUrl = '';
  let smtp: SMTPServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    api = await startStandIn();
    S.slackHook = `${api.url}/services/T000/B000/secretwebhookpath123`;
    // Echoes the request (headers, query, body) back, and fails with it for /fail.
    echo = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/token') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: 'at-1', expires_in: 3600, echo: req.headers.authorization }));
          return;
        }
        const payload = JSON.stringify({ url: req.url, headers: req.headers, body });
        res.writeHead(req.url?.startsWith('/fail') ? 400 : 200, { 'content-type': 'application/json' }).end(payload);
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (_a, _s, cb) => cb(null, { user: 'u' }),
      onData: (stream, _s, cb) => {
        stream.resume();
        stream.on('end', () => cb());
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    hf = await startHookflow({ LOG_LEVEL: 'debug' }, { logger: pino({ level: 'debug' }, sink) });
    const creds: [string, string, Record<string, unknown>][] = [
      ['key-header', 'apiKey', { key: S.apiKey, name: 'X-Api-Key' }],
      ['key-query', 'apiKey', { key: S.apiKeyQuery, placement: 'query', name: 'api_key' }],
      ['bearer', 'bearer', { token: S.bearer }],
      ['basic', 'basic', { username: 'ada', password: S.basicPass }],
      [
        'oauth',
        'oauth2ClientCredentials',
        { tokenUrl: `${echoUrl}/token`, clientId: 'client-1', clientSecret: S.oauthSecret },
      ],
      [
        'smtp',
        'smtp',
        {
          host: '127.0.0.1',
          port: (smtp.server.address() as AddressInfo).port,
          security: 'none',
          username: 'u',
          password: S.smtpPass,
        },
      ],
      ['hmac', 'hmac', { secret: S.hmac }],
      ['hubspot', 'hubspot', { accessToken: TOKENS.hubspot, baseUrl: api.url }],
      ['salesforce', 'salesforce', { loginUrl: api.url, clientId: 'ck', clientSecret: TOKENS.salesforceSecret }],
      ['pipedrive', 'pipedrive', { apiToken: TOKENS.pipedrive, baseUrl: api.url }],
      ['slack', 'slack', { botToken: TOKENS.slack, baseUrl: `${api.url}/api` }],
      ['slack-hook', 'slackWebhook', { url: S.slackHook }],
    ];
    for (const [name, type, data] of creds) await putCredential(hf, name, type, data);
  });
  afterAll(async () => {
    await hf.close();
    await api.close();
    await new Promise((r) => echo.close(r));
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('keeps every secret out of API responses, records and logs', async () => {
    const http = (id: string, credential: string, path = '/echo') => ({
      id,
      type: 'http.request',
      credential,
      params: { url: `${echoUrl}${path}` },
    });
    const steps = [
      http('h1', 'key-header'),
      http('h2', 'key-query'),
      http('h3', 'bearer'),
      http('h4', 'basic'),
      http('h5', 'oauth'),
      http('h6', 'bearer', '/fail'), // a failure whose body echoes the secret, handled by an error edge
      {
        id: 'mail',
        type: 'email.send',
        credential: 'smtp',
        params: { from: 'a@x.example', to: 'b@x.example', subject: 's', text: 't' },
      },
      { id: 'hook', type: 'webhook.send', credential: 'hmac', params: { url: `${echoUrl}/hook`, payload: { a: 1 } } },
      { id: 'hs', type: 'hubspot.upsertContact', credential: 'hubspot', params: { email: 'a@x.example' } },
      {
        id: 'sf',
        type: 'salesforce.createRecord',
        credential: 'salesforce',
        params: { object: 'Lead', fields: { LastName: 'L' } },
      },
      { id: 'pd', type: 'pipedrive.createPerson', credential: 'pipedrive', params: { name: 'P' } },
      { id: 'sl', type: 'slack.postMessage', credential: 'slack', params: { channel: 'C0123', text: 'x' } },
      { id: 'sw', type: 'slack.postMessage', credential: 'slack-hook', params: { text: 'x' } },
      { id: 'handled', type: 'transform', params: { expression: 'steps.h6.error' } },
    ];
    const exec = await runWorkflow(hf, {
      id: 'every-credential',
      steps,
      edges: [
        ...steps.filter((s) => s.id !== 'handled').map((s) => ({ from: 'trigger', to: s.id })),
        { from: 'h6', to: 'handled', branch: 'error' },
      ],
    });
    expect(
      exec.steps.filter((s: { status: string }) => s.status !== 'succeeded').map((s: { key: string }) => s.key),
    ).toEqual(['h6']);
    expect(exec.status).toBe('succeeded');
    // The echo server did receive the secrets: the scrubbing is what keeps them out.
    expect(JSON.stringify(exec)).toContain('[redacted]');

    const secrets = [
      ...Object.values(S),
      TOKENS.hubspot,
      TOKENS.salesforceSecret,
      TOKENS.pipedrive,
      TOKENS.slack,
      Buffer.from(`ada:${S.basicPass}`).toString('base64'),
    ];
    const responses = await Promise.all(
      ['/api/executions', `/api/executions/${exec.id}`, '/api/credentials', '/api/workflows', '/api/node-types'].map(
        async (p) => JSON.stringify((await hf.api(p)).body),
      ),
    );
    const records = JSON.stringify([await hf.store.getExecution(exec.id), await hf.store.listStepRecords(exec.id)]);
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const r of responses) expect(r).not.toContain(secret);
      expect(records).not.toContain(secret);
      for (const line of logLines) expect(line).not.toContain(secret);
    }
  });
});
