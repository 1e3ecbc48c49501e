// The SSRF guard is on by default: every one of these targets is refused with a clear step
// error and no retry. Only loopback is ever contacted: 10.x and 169.254.x are refused
// before a socket exists (IP literals are checked up front), host names at lookup time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookflow, type TestHookflow } from '../../helpers/start-hookflow.ts';
import { runWorkflow, step } from './flow-helpers.ts';

describe('SSRF guard on http.request', () => {
  let hf: TestHookflow;
  let redirector: http.Server;
  let redirectorUrl: string;
  let hits = 0;
  beforeAll(async () => {
    // Only 127.0.0.2 is allow-listed: the redirecting server lives there.
    hf = await startHookflow({ SSRF_ALLOW: '127.0.0.2/32' });
    redirector = http.createServer((req, res) => {
      hits++;
      const to = req.url === '/to-metadata' ? 'http://169.254.169.254/latest/meta-data/' : 'http://127.0.0.1:65000/';
      res.writeHead(302, { location: to }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.2', r));
    redirectorUrl = `http://127.0.0.2:${(redirector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hf.close();
    await new Promise((r) => redirector.close(r));
  });

  const refused = async (id: string, url: string) => {
    const exec = await runWorkflow(hf, {
      id,
      steps: [{ id: 'call', type: 'http.request', params: { url }, retry: { attempts: 3, delay: '10ms' } }],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(exec.status).toBe('failed');
    const s = step(exec, 'call');
    expect(s.error.code).toBe('ssrf_blocked');
    expect(s.error.message).toMatch(/refused to connect to .* SSRF_ALLOW/);
    expect(s.attempt).toBe(1); // not retried: retrying cannot help
    return s.error.message as string;
  };

  it('refuses 127.0.0.1', async () => {
    expect(await refused('ssrf-loopback', 'http://127.0.0.1:65000/')).toContain('loopback');
  });
  it('refuses 10.0.0.1', async () => {
    expect(await refused('ssrf-private', 'http://10.0.0.1/')).toContain('private');
  });
  it('refuses the metadata address 169.254.169.254', async () => {
    expect(await refused('ssrf-metadata', 'http://169.254.169.254/latest/meta-data/')).toContain('linkLocal');
  });
  it('refuses [::1]', async () => {
    expect(await refused('ssrf-v6', 'http://[::1]:65000/')).toContain('loopback');
  });
  it('refuses a host name that resolves to a private address (localhost)', async () => {
    expect(await refused('ssrf-name', 'http://localhost:65000/')).toContain('localhost');
  });
  it('refuses a redirect to the metadata address, and to loopback', async () => {
    hits = 0;
    await refused('ssrf-redirect', `${redirectorUrl}/to-metadata`);
    await refused('ssrf-redirect-2', `${redirectorUrl}/to-loopback`);
    expect(hits).toBe(2);
  });
  it('lets an allow-listed address through', async () => {
    const exec = await runWorkflow(hf, {
      id: 'ssrf-allowed',
      steps: [
        {
          id: 'call',
          type: 'http.request',
          params: { url: `${redirectorUrl}/x`, followRedirects: false, successStatuses: '302' },
        },
      ],
      edges: [{ from: 'trigger', to: 'call' }],
    });
    expect(exec.status).toBe('succeeded');
    expect(step(exec, 'call').output.status).toBe(302);
  });
});
