// The done-when of issue 11: no credential value, token derived with one, or admin key
// appears in any API response, stored byte, log line or export produced by runs of every
// node type that uses a credential. The remotes here are careless: they echo back whatever
// they received (headers, query strings, bodies), so only the engine's scrub keeps the
// secrets out — in raw, URL-encoded, base64 and JSON-escaped form. Each secret has
// characters those encodings change, so an encoded echo cannot slip past a raw-only scrub.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRegistry } from '../../../server/nodes/registry.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { createWorkflow, putCredential, step, trigger } from './flow-helpers.ts';
import { type StandIn, startStandIn, TOKENS } from './saas-stand-in.ts';
import { captureLogs, exportAll, findLeaks, INTEGRATION_TYPES, storedBytes } from './secret-leak-harness.ts';

const S = {
  apiKey: 'apikey/header+0a1b=2c3d',
  apiKeyQuery: 'apikey query/secret+9z8y&7x',
  bearer: 'bearer"secret\\5e6f/7a8b',
  basicPass: 'basic pass/1q2w+3e4r',
  oauthSecret: 'oauth client/secret+6y7u&8i9o',
  smtpPass: 'smtp pass/secret+3e4r5t6y',
  hmac: `whsec_${Buffer.from('hmac-secret-32-bytes-long-000001').toString('base64')}`,
  slackHook: '',
};
/** What the OAuth2 token endpoint hands out: derived at run time, never stored in the vault. */
const ACCESS_TOKEN = 'oauth-access/token+from=server"x';

describe('secrets never leak', () => {
  let hf: TestHookflow;
  let api: StandIn;
  let echo: http.Server;
  let echoUrl = '';
  let smtp: SMTPServer;
  const logLines: string[] = [];
  /** Every body this test got back from the API, whatever the route. */
  const responses: string[] = [];
  const get = async (p: string) => {
    const res = await hf.api(p);
    responses.push(JSON.stringify(res.body));
    return res.body;
  };

  beforeAll(async () => {
    api = await startStandIn();
    api.echo = true;
    S.slackHook = `${api.url}/services/T000/B000/secret/webhook+path=123`;
    // Echoes the request (URL with query, headers, body) back; fails with it for /fail.
    echo = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/token') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600, echo: req.headers.authorization }));
          return;
        }
        // The credential first: failure messages keep only the start of a body.
        const { authorization, ...headers } = req.headers;
        const payload = JSON.stringify({ authorization, url: req.url, headers, body });
        res.writeHead(req.url?.startsWith('/fail') ? 400 : 200, { 'content-type': 'application/json' }).end(payload);
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    // Its "250" reply repeats the password it was given: it lands in the step's output.
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (auth, _s, cb) => cb(null, { user: auth.password }),
      onData: (stream, session, cb) => {
        stream.resume();
        stream.on('end', () => cb(null, `queued for ${String(session.user)}`));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    hf = await startHookflow({ LOG_LEVEL: 'debug' }, { logger: captureLogs(logLines) });
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

  it('keeps every secret and derived token out of API responses, stored bytes, logs and exports', async () => {
    const httpStep = (id: string, credential: string, p = '/echo') => ({
      id,
      type: 'http.request',
      credential,
      params: { url: `${echoUrl}${p}` },
    });
    const steps = [
      httpStep('h1', 'key-header'),
      httpStep('h2', 'key-query'),
      httpStep('h3', 'bearer'),
      httpStep('h4', 'basic'),
      httpStep('h5', 'oauth'),
      httpStep('h6', 'bearer', '/fail'), // a failure whose body echoes the secret, handled by an error edge
      httpStep('h7', 'oauth', '/fail'), // the same for a derived token
      {
        id: 'mail',
        type: 'email.send',
        credential: 'smtp',
        params: { from: 'a@x.example', to: 'b@x.example', subject: 's', text: 't' },
      },
      { id: 'hook', type: 'webhook.send', credential: 'hmac', params: { url: `${echoUrl}/hook`, payload: { a: 1 } } },
      { id: 'hs', type: 'hubspot.upsertContact', credential: 'hubspot', params: { email: 'a@x.example' } },
      { id: 'hd', type: 'hubspot.createDeal', credential: 'hubspot', params: { dealname: 'D' } },
      {
        id: 'sf',
        type: 'salesforce.createRecord',
        credential: 'salesforce',
        params: { object: 'Lead', fields: { LastName: 'L' } },
      },
      {
        id: 'su',
        type: 'salesforce.upsertRecord',
        credential: 'salesforce',
        params: { object: 'Contact', externalIdField: 'Ext__c', externalId: '=trigger.body.n', fields: {} },
      },
      { id: 'pd', type: 'pipedrive.createPerson', credential: 'pipedrive', params: { name: 'P' } },
      { id: 'pl', type: 'pipedrive.createDeal', credential: 'pipedrive', params: { title: 'T' } },
      { id: 'sl', type: 'slack.postMessage', credential: 'slack', params: { channel: 'C0123', text: 'x' } },
      { id: 'sw', type: 'slack.postMessage', credential: 'slack-hook', params: { text: 'x' } },
      { id: 'handled', type: 'transform', params: { expression: '[steps.h6.error, steps.h7.error]' } },
      { id: 'result', type: 'transform', params: { expression: '{ "h5": steps.h5, "sf": steps.sf }' } },
    ];
    // Every node type that takes a credential is exercised here or in the integrations'
    // leak test; a new one must be added to one of them.
    const used = new Set([...steps.filter((s) => 'credential' in s).map((s) => s.type), ...INTEGRATION_TYPES]);
    const credentialed = [...nodeRegistry.values()].filter((n) => n.credentialTypes?.length).map((n) => n.type);
    expect(credentialed.filter((t) => !used.has(t))).toEqual([]);

    const triggerUrl = await createWorkflow(hf, {
      id: 'every-credential',
      steps,
      edges: [
        ...steps.filter((s) => !['handled', 'result'].includes(s.id)).map((s) => ({ from: 'trigger', to: s.id })),
        { from: 'h6', to: 'handled', branch: 'error' },
        { from: 'h7', to: 'handled', branch: 'error' },
        { from: 'sf', to: 'result' },
        { from: 'h5', to: 'result' },
      ],
    });
    // Twice: the second run takes the OAuth2 and Salesforce tokens from the cache, so a
    // token must be registered for scrubbing on every use, not only when it is fetched.
    const execs = [];
    for (const n of [1, 2]) {
      const id = await trigger(triggerUrl, { n });
      const deadline = Date.now() + 20_000;
      let exec = await get(`/api/executions/${id}`);
      while (!['succeeded', 'failed'].includes(exec.status) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        exec = await get(`/api/executions/${id}`);
      }
      const failed = exec.steps.filter((s: { status: string }) => s.status === 'failed');
      expect(
        failed.map((s: { key: string }) => s.key),
        JSON.stringify(failed),
      ).toEqual(['h6', 'h7']);
      expect(exec.status).toBe('succeeded');
      execs.push(exec);
    }
    for (const p of [
      '/api/executions',
      '/api/executions?status=succeeded',
      '/api/credentials',
      '/api/workflows',
      '/api/workflows/every-credential',
      '/api/workflows/every-credential/versions',
      '/api/workflows/every-credential/samples',
      '/api/node-types',
      '/api/audit',
      '/api/auth/keys',
      '/api/auth/users',
      '/api/auth/session',
    ]) {
      await get(p);
    }
    for (const [name] of (await get('/api/credentials')).items.map((c: { name: string }) => [c.name])) {
      await get(`/api/credentials/${name}`);
    }
    for (const e of execs) {
      for (const s of e.steps) responses.push(JSON.stringify(s));
    }

    const exported = await exportAll(hf);
    expect(exported.join('\n')).toContain('every-credential');

    const stored = storedBytes(hf.dataDir);
    expect(stored.join('').length).toBeGreaterThan(0);
    expect(logLines.length).toBeGreaterThan(0);

    const secrets: Record<string, string> = {
      ...S,
      accessToken: ACCESS_TOKEN,
      hubspot: TOKENS.hubspot,
      salesforceSecret: TOKENS.salesforceSecret,
      pipedrive: TOKENS.pipedrive,
      slack: TOKENS.slack,
      adminApiKey: hf.apiKey ?? '',
    };
    for (let n = 1; n <= api.salesforceTokensIssued; n++)
      secrets[`salesforceSession${n}`] = `00Dxx0000001gPL!AQ4AQ${n}`;
    const places: [string, string[]][] = [
      ['API response', responses],
      ['export', exported],
      ['stored bytes', stored],
      ['log line', logLines],
    ];
    const leaks = findLeaks(secrets, places);
    expect(leaks).toEqual([]);
    // The remotes did echo secrets back: the scrub is what keeps them out.
    expect(step(execs[0], 'h2').output.body.url).toContain('[redacted]');
    expect(step(execs[1], 'h5').output.body.authorization).toBe('Bearer [redacted]');
    expect(step(execs[1], 'h7').error.message).toContain('Bearer [redacted]');
    expect(step(execs[1], 'sf').output.echo.headers.authorization).toBe('Bearer [redacted]');
    expect(step(execs[0], 'mail').output.response).toContain('[redacted]');
    expect(api.salesforceTokensIssued).toBeGreaterThan(0);
  });
});
