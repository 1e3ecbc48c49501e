// Trigger replies are written by editors and served from the editor's origin: every reply
// from /hooks/* — whatever produced it — is a sandboxed document that sets no cookies and
// cannot change origin-wide browser state; legitimate replies still arrive intact.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_CONTENT_SECURITY_POLICY } from '../../../server/lib/hook-response-headers.ts';
import { startHookflow, type TestHookflow, waitForExecution } from '../../helpers/start-hookflow.ts';
import { createWorkflow, post, workflowDoc } from './trigger-helpers.ts';

/** What a hostile editor would like a reply to carry. */
const HOSTILE_HEADERS = {
  'Set-Cookie': 'hf_session=attacker; Path=/',
  'set-cookie2': 'hf_csrf=attacker',
  'Content-Security-Policy': "default-src *; script-src 'unsafe-inline'",
  'content-security-policy-report-only': 'default-src *',
  'X-Content-Type-Options': 'sniff-away',
  'Referrer-Policy': 'unsafe-url',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'Clear-Site-Data': '"cookies", "storage"',
  'Alt-Svc': 'h2="evil.example:443"',
  NEL: '{"report_to":"x","max_age":86400}',
  'Report-To': '{"group":"x","max_age":86400,"endpoints":[{"url":"https://evil.example"}]}',
  'Reporting-Endpoints': 'x="https://evil.example"',
  'Access-Control-Allow-Credentials': 'true',
  'Service-Worker-Allowed': '/',
  'Origin-Agent-Cluster': '?0',
};
const THANK_YOU = '<!doctype html><html><body style="font-family:sans-serif"><h1>Thank you!</h1></body></html>';

function expectIsolated(res: { status: number; headers: Headers }, what: string): void {
  expect(res.headers.get('content-security-policy'), what).toBe(HOOK_CONTENT_SECURITY_POLICY);
  expect(res.headers.get('content-security-policy'), what).toMatch(/^sandbox(;|$)/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('content-security-policy-report-only'), what).toBeNull();
  expect(res.headers.getSetCookie(), what).toEqual([]);
  expect(res.headers.get('set-cookie2'), what).toBeNull();
  for (const name of [
    'strict-transport-security',
    'clear-site-data',
    'alt-svc',
    'nel',
    'report-to',
    'reporting-endpoints',
    'access-control-allow-credentials',
    'service-worker-allowed',
    'origin-agent-cluster',
  ]) {
    expect(res.headers.get(name), `${what}: ${name}`).toBeNull();
  }
}

describe('hook replies are isolated from the editor origin', () => {
  let hf: TestHookflow;
  beforeAll(async () => {
    hf = await startHookflow();
  });
  afterAll(async () => {
    await hf?.close();
  });

  it('static: a thank-you HTML page renders as sent, without cookies or origin-wide headers', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('static-html', {
        response: {
          mode: 'static',
          status: 200,
          body: THANK_YOU,
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Thanks': 'yes', ...HOSTILE_HEADERS },
        },
      }),
    );
    const res = await post(url, '{}', {}, 'POST');
    expect(res.status).toBe(200);
    expect(res.body).toBe(THANK_YOU);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-thanks')).toBe('yes');
    expectIsolated(res, 'static html');
  });

  it('static: templated hostile headers (an expression) are dropped too', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('static-expr', {
        response: {
          mode: 'static',
          status: 200,
          body: 'ok',
          headers: { 'Set-Cookie': '="hf_session=" & trigger.body.v & "; Path=/"', 'x-echo': '=trigger.body.v' },
        },
      }),
    );
    const res = await post(url, JSON.stringify({ v: 'abc' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-echo')).toBe('abc');
    expectIsolated(res, 'static expression');
  });

  it('sync: a respond step cannot set cookies or weaken the policy; TwiML XML still arrives', async () => {
    const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>';
    const doc = workflowDoc('sync-twiml', { response: { mode: 'sync' } });
    doc.steps = [
      {
        id: 'answer',
        type: 'respond',
        params: { status: 200, headers: { 'Content-Type': 'text/xml', ...HOSTILE_HEADERS }, body: twiml },
      },
    ];
    doc.edges = [{ from: 'trigger', to: 'answer' }];
    const { url } = await createWorkflow(hf, doc);
    const res = await post(url, 'From=%2B15550100&Body=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(res.body).toBe(twiml);
    expect(res.headers.get('content-type')).toBe('text/xml');
    expectIsolated(res, 'sync respond');
    // What is stored is what the caller got: the recorded output holds no cookie either.
    const exec = await waitForExecution(hf, res.headers.get('x-hookflow-execution-id') as string);
    const recorded = exec.steps.find((s: { stepId: string }) => s.stepId === 'answer').output.headers;
    expect(recorded).toEqual({ 'content-type': 'text/xml' });
  });

  it("a reply cannot read the visitor's cookies either: the workflow sees them redacted", async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('echo-cookie', {
        methods: ['GET'],
        response: { mode: 'static', status: 200, body: '={ "cookie": trigger.headers.cookie }' },
      }),
    );
    const res = await post(url, '', { cookie: 'hf_session=owner-session; hf_csrf=owner-csrf' }, 'GET');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cookie: '[redacted]' });
  });

  it('static: Slack URL verification JSON is unchanged', async () => {
    const { url } = await createWorkflow(
      hf,
      workflowDoc('slack-challenge', {
        response: { mode: 'static', status: 200, body: '={ "challenge": trigger.body.challenge }' },
      }),
    );
    const res = await post(url, JSON.stringify({ type: 'url_verification', challenge: 'c-123' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'c-123' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectIsolated(res, 'slack');
  });

  it('every other reply from /hooks/* is isolated: async, duplicate, capture, 404s, errors', async () => {
    const { url, testUrl } = await createWorkflow(
      hf,
      workflowDoc('plain', { dedupe: { key: '=trigger.body.id' }, schema: { type: 'object', required: ['id'] } }),
    );
    const base = new URL(url).origin;
    const replies: [string, { status: number; headers: Headers }][] = [
      ['accepted', await post(url, JSON.stringify({ id: 'e1' }))],
      ['duplicate', await post(url, JSON.stringify({ id: 'e1' }))],
      ['schema 4xx', await post(url, JSON.stringify({ nope: 1 }))],
      ['bad json 4xx', await post(url, '{')],
      ['capture', await post(testUrl, JSON.stringify({ id: 'sample' }))],
      ['unknown token', await post(`${base}/hooks/no-such-token`, '{}')],
      ['malformed path', await post(`${base}/hooks/a/b/c`, '{}')],
      ['get', await post(url, '', {}, 'GET')],
    ];
    expect(replies.map(([what, r]) => [what, r.status])).toEqual([
      ['accepted', 202],
      ['duplicate', 200],
      ['schema 4xx', 400],
      ['bad json 4xx', 400],
      ['capture', 200],
      ['unknown token', 404],
      ['malformed path', 404],
      ['get', expect.any(Number)],
    ]);
    for (const [what, res] of replies) expectIsolated(res, what);
  });
});

describe('trigger URLs on their own origin', () => {
  it('HOOKS_PUBLIC_URL is the base of triggerUrl and testUrl; the editor stays on PUBLIC_URL', async () => {
    const hf = await startHookflow({ HOOKS_PUBLIC_URL: 'https://hooks.example.com/' });
    try {
      const res = await hf.api('/api/workflows', { body: workflowDoc('own-origin', {}) });
      expect(res.status).toBe(201);
      expect(res.body.triggerUrl).toMatch(/^https:\/\/hooks\.example\.com\/hooks\/[A-Za-z0-9_-]+$/);
      expect(res.body.testUrl).toBe(`${res.body.triggerUrl}/test`);
      const listed = await hf.api('/api/workflows');
      expect(listed.body.items[0].triggerUrl).toBe(res.body.triggerUrl);

      // The hooks host answers trigger URLs (and health checks) only; the editor's host all.
      const port = hf.port as number;
      const hookPath = new URL(res.body.triggerUrl).pathname;
      const onHost = (host: string, p: string, method = 'POST') =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: p, method, headers: { host } }, (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(method === 'POST' ? '{}' : undefined);
        });
      const hooksHost = 'hooks.example.com';
      expect(await onHost(hooksHost, hookPath)).toBe(202);
      expect(await onHost('HOOKS.example.com', '/api/auth/login')).toBe(404);
      expect(await onHost(hooksHost, '/api/auth/setup')).toBe(404);
      expect(await onHost(hooksHost, '/', 'GET')).toBe(404);
      expect(await onHost(hooksHost, '/api/auth/session', 'GET')).toBe(404);
      expect(await onHost(hooksHost, '/healthz', 'GET')).toBe(200);
      expect(await onHost(`127.0.0.1:${port}`, '/api/auth/login')).toBe(400);
    } finally {
      await hf.close();
    }
  });
});
