import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../helpers/sink.ts';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { putCredential, runWorkflow, step } from './flow-helpers.ts';

describe('http.request authentication from credentials', () => {
  let hf: TestHookflow;
  let api: Sink;
  let tokenCalls = 0;
  let validToken = '';
  beforeAll(async () => {
    hf = await startHookflow();
    api = await startSink();
    api.reply = (req) => {
      if (req.url === '/oauth/token') {
        tokenCalls++;
        const basic = Buffer.from('client-7:oauth-secret-123456').toString('base64');
        if (req.headers.authorization !== `Basic ${basic}` || !req.body.includes('grant_type=client_credentials')) {
          return { status: 401, body: { error: 'invalid_client' } };
        }
        validToken = `access-${tokenCalls}`;
        return { status: 200, body: { access_token: validToken, token_type: 'Bearer', expires_in: 3600 } };
      }
      if (req.url.startsWith('/protected')) {
        return req.headers.authorization === `Bearer ${validToken}`
          ? { status: 200, body: { ok: true } }
          : { status: 401, body: { error: 'expired' } };
      }
      return { status: 200, body: { headers: req.headers, url: req.url } };
    };
    await putCredential(hf, 'bearer', 'bearer', { token: 'tok-abcdef' });
    await putCredential(hf, 'basic', 'basic', { username: 'ada', password: 'pw-123456' });
    await putCredential(hf, 'key-header', 'apiKey', { key: 'key-123456', name: 'X-Api-Key' });
    await putCredential(hf, 'key-query', 'apiKey', { key: 'qkey-123456', placement: 'query', name: 'api_key' });
    await putCredential(hf, 'oauth', 'oauth2ClientCredentials', {
      tokenUrl: `${api.url}/oauth/token`,
      clientId: 'client-7',
      clientSecret: 'oauth-secret-123456',
      scope: 'orders:write',
    });
  });
  afterAll(async () => {
    await hf.close();
    await api.close();
  });
  const call = (id: string, credential: string, path: string) => ({
    id,
    steps: [{ id: 'c', type: 'http.request', credential, params: { url: `${api.url}${path}` } }],
    edges: [{ from: 'trigger', to: 'c' }],
  });

  it('sends bearer, basic and API-key (header or query) credentials', async () => {
    api.requests.length = 0;
    for (const name of ['bearer', 'basic', 'key-header', 'key-query']) {
      expect((await runWorkflow(hf, call(`auth-${name}`, name, '/echo'))).status).toBe('succeeded');
    }
    const [bearer, basic, header, query] = api.requests;
    expect(bearer.headers.authorization).toBe('Bearer tok-abcdef');
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('ada:pw-123456').toString('base64')}`);
    expect(header.headers['x-api-key']).toBe('key-123456');
    expect(query.url).toBe('/echo?api_key=qkey-123456');
  });

  it('OAuth2 client credentials: fetches a token once, reuses it, and refreshes it once on a 401', async () => {
    tokenCalls = 0;
    api.requests.length = 0;
    const first = await runWorkflow(hf, call('oauth-1', 'oauth', '/protected/1'));
    expect(first.status).toBe('succeeded');
    const second = await runWorkflow(hf, call('oauth-2', 'oauth', '/protected/2'));
    expect(second.status).toBe('succeeded');
    expect(tokenCalls).toBe(1);
    const tokenRequest = api.requests.find((r) => r.url === '/oauth/token')!;
    expect(new URLSearchParams(tokenRequest.body).get('scope')).toBe('orders:write');

    validToken = 'rotated-by-the-server';
    const third = await runWorkflow(hf, call('oauth-3', 'oauth', '/protected/3'));
    expect(third.status).toBe('succeeded');
    expect(tokenCalls).toBe(2);
    expect(step(third, 'c').attempt).toBe(1);
    expect(api.requests.filter((r) => r.url === '/protected/3').map((r) => r.headers.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-2',
    ]);
  });
});
