// The SSRF guard with a resolver this test controls (injected into the guard): a host name
// with several addresses is refused when any one of them is private, whatever the order,
// before any connection; and every redirect hop to an IP literal is checked again,
// including IPv6 wrappings of loopback. The only server contacted lives on 127.0.0.2.

import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuardedFetch,
  createSsrfPolicy,
  type Resolver,
  SsrfBlockedError,
} from '../../../server/nodes/outbound/ssrf-guard.ts';

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

describe('SSRF guard: resolver answers and redirect hops', () => {
  let server: http.Server;
  let port = 0;
  let hits: string[] = [];
  const zone: Record<string, LookupAddress[]> = {};
  const asked: string[] = [];
  const resolver: Resolver = async (host) => {
    asked.push(host);
    const answer = zone[host];
    if (!answer) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
    return answer;
  };
  // 127.0.0.2 stands for "a public address" here: it is the only one allow-listed.
  const guard = createGuardedFetch(createSsrfPolicy(['127.0.0.2']), resolver);

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const to: Record<string, string> = {
        '/to-v4-loopback': `http://127.0.0.1:${port}/`,
        '/to-v4-compatible': `http://[::127.0.0.1]:${port}/`,
        '/to-v4-mapped': `http://[::ffff:127.0.0.1]:${port}/`,
        '/to-nat64': `http://[64:ff9b::127.0.0.1]:${port}/`,
        '/to-6to4': `http://[2002:7f00:1::1]:${port}/`,
        '/to-mixed-name': `http://mixed.test:${port}/`,
        '/to-public-name': `http://public.test:${port}/landed`,
      };
      if (to[req.url ?? '']) res.writeHead(302, { location: to[req.url ?? ''] }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    port = (server.address() as AddressInfo).port;
    zone['public.test'] = [v4('127.0.0.2')];
    zone['mixed.test'] = [v4('127.0.0.2'), v4('10.0.0.5')];
    zone['mixed-reversed.test'] = [v4('10.0.0.5'), v4('127.0.0.2')];
    zone['mixed-v6.test'] = [v4('127.0.0.2'), v6('::7f00:1')];
    zone['nat64.test'] = [v4('127.0.0.2'), v6('64:ff9b::a9fe:a9fe')];
  });
  afterAll(async () => {
    await guard.close();
    await new Promise((r) => server.close(r));
  });

  const refusal = async (url: string) => {
    const err = await guard.fetch(url, {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, url).toBeInstanceOf(SsrfBlockedError);
    return (err as Error).message;
  };

  it('reaches a host whose every address is allowed (the stand-in works)', async () => {
    hits = [];
    const res = await guard.fetch(`http://public.test:${port}/hello`, {});
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
    expect(hits).toEqual(['/hello']);
  });

  it('refuses a host name with one private address among allowed ones, in either order, without connecting', async () => {
    hits = [];
    expect(await refusal(`http://mixed.test:${port}/`)).toContain('10.0.0.5');
    expect(await refusal(`http://mixed-reversed.test:${port}/`)).toContain('10.0.0.5');
    expect(await refusal(`http://mixed-v6.test:${port}/`)).toContain('loopback');
    expect(await refusal(`http://nat64.test:${port}/`)).toContain('linkLocal');
    expect(hits).toEqual([]);
    await expect(guard.resolve('mixed.test')).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(guard.resolve('mixed-reversed.test')).rejects.toBeInstanceOf(SsrfBlockedError);
    expect(await guard.resolve('public.test')).toBe('127.0.0.2');
  });

  it('re-checks every redirect hop: IP literals (IPv4 and IPv6 wrappings of loopback) and host names', async () => {
    for (const path of ['/to-v4-loopback', '/to-v4-compatible', '/to-v4-mapped', '/to-nat64', '/to-6to4']) {
      hits = [];
      expect(await refusal(`http://public.test:${port}${path}`)).toContain('loopback');
      expect(hits).toEqual([path]);
    }
    hits = [];
    expect(await refusal(`http://public.test:${port}/to-mixed-name`)).toContain('10.0.0.5');
    expect(hits).toEqual(['/to-mixed-name']);
    // A hop to an allowed name is followed.
    hits = [];
    const res = await guard.fetch(`http://public.test:${port}/to-public-name`, {});
    expect(res.status).toBe(200);
    expect(hits).toEqual(['/to-public-name', '/landed']);
  });

  it('refuses IPv6 wrappings of private IPv4 given as literals, before any socket', async () => {
    for (const host of [
      '[::127.0.0.1]',
      '[::a00:1]',
      '[64:ff9b::10.0.0.1]',
      '[2002:a9fe:a9fe::1]',
      '[::ffff:0:7f00:1]',
    ]) {
      await refusal(`http://${host}:${port}/`);
      await expect(guard.resolve(host)).rejects.toBeInstanceOf(SsrfBlockedError);
    }
  });
});
