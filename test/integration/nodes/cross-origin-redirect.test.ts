// A remote that redirects to another origin must not receive the step's credential: the
// headers the credential set (an API key under any name, Authorization) are dropped, and an
// authenticated request whose body would be resent (307/308) is not followed at all, so an
// OAuth2 client secret in a token request body never leaves its origin. The two servers
// listen on different ports of 127.0.0.1: different origins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';

describe('credentials and cross-origin redirects', () => {
  let hf: TestHookflow;
  let origin: Sink;
  let elsewhere: Sink;
  beforeAll(async () => {
    hf = await startHookflow();
    origin = await startSink();
    elsewhere = await startSink();
    origin.reply = (req) => {
      const m = /^\/(\d{3})\/(away|home)/.exec(req.url);
      if (!m) return { status: 200, body: { ok: true } };
      const to = m[2] === 'away' ? `${elsewhere.url}/landed` : `${origin.url}/landed`;
      return { status: Number(m[1]), headers: { location: to } };
    };
    elsewhere.reply = () => ({ status: 200, body: { ok: true } });
    await putCredential(hf, 'key', 'apiKey', { key: 'key-secret-123456', name: 'X-Custom-Key' });
    await putCredential(hf, 'bearer', 'bearer', { token: 'bearer-secret-123456' });
    await putCredential(hf, 'oauth-body', 'oauth2ClientCredentials', {
      tokenUrl: `${origin.url}/307/away/token`,
      clientId: 'client-9',
      clientSecret: 'client-secret-123456',
      clientAuth: 'body',
    });
  });
  afterAll(async () => {
    await hf.close();
    await origin.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    origin.requests.length = 0;
    elsewhere.requests.length = 0;
  });

  const call = (id: string, credential: string, path: string, extra: Record<string, unknown> = {}) => ({
    id,
    steps: [{ id: 'c', type: 'http.request', credential, params: { url: `${origin.url}${path}`, ...extra } }],
    edges: [{ from: 'trigger', to: 'c' }],
  });
  const leaked = (s: Sink) => JSON.stringify(s.requests).match(/key-secret|bearer-secret|client-secret/g) ?? [];

  it('a 302 to another origin arrives without the API key header (whatever its name)', async () => {
    const exec = await runWorkflow(hf, call('xo-302-key', 'key', '/302/away'));
    expect(exec.status).toBe('succeeded');
    expect(origin.requests[0].headers['x-custom-key']).toBe('key-secret-123456');
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0].headers['x-custom-key']).toBeUndefined();
    expect(leaked(elsewhere)).toEqual([]);
  });

  it('a same-origin redirect keeps the credential', async () => {
    const exec = await runWorkflow(hf, call('xo-302-home', 'key', '/302/home'));
    expect(exec.status).toBe('succeeded');
    expect(origin.requests.map((r) => [r.url, r.headers['x-custom-key']])).toEqual([
      ['/302/home', 'key-secret-123456'],
      ['/landed', 'key-secret-123456'],
    ]);
  });

  it('a 307 of an authenticated POST to another origin is refused; nothing reaches it', async () => {
    for (const [id, cred] of [
      ['xo-307-key', 'key'],
      ['xo-307-bearer', 'bearer'],
    ]) {
      const exec = await runWorkflow(
        hf,
        call(id, cred, '/307/away', { method: 'POST', body: { card: '4242-secret-body' } }),
      );
      expect(exec.status).toBe('failed');
      expect(step(exec, 'c').error.code).toBe('cross_origin_redirect');
    }
    const exec308 = await runWorkflow(hf, call('xo-308', 'key', '/308/away', { method: 'PUT', body: { a: 1 } }));
    expect(step(exec308, 'c').error.code).toBe('cross_origin_redirect');
    expect(origin.requests).toHaveLength(3);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('a 302 of an authenticated POST continues as GET elsewhere without body or credential', async () => {
    const exec = await runWorkflow(hf, call('xo-302-post', 'bearer', '/302/away', { method: 'POST', body: { x: 1 } }));
    expect(exec.status).toBe('succeeded');
    expect(elsewhere.requests).toHaveLength(1);
    const [r] = elsewhere.requests;
    expect([r.method, r.body, r.headers.authorization, r.headers['content-type']]).toEqual([
      'GET',
      '',
      undefined,
      undefined,
    ]);
  });

  it('an OAuth2 token request (client secret in the body) is not followed to another origin', async () => {
    const exec = await runWorkflow(hf, call('xo-oauth', 'oauth-body', '/protected'));
    expect(exec.status).toBe('failed');
    expect(step(exec, 'c').error.code).toBe('cross_origin_redirect');
    expect(origin.requests[0].body).toContain('client_secret=client-secret-123456');
    expect(elsewhere.requests).toHaveLength(0);
  });
});
