import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { createGuardedFetch, createSsrfPolicy, SsrfBlockedError } from '../../../server/nodes/outbound/ssrf-guard.ts';

/** Every IPv6 wrapping of an IPv4 address the guard must see through. */
function wrappings(v4: string): string[] {
  const [a, b, c, d] = v4.split('.').map(Number);
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return [
    `::${v4}`, // IPv4-compatible, as written in a URL
    `::${hi}:${lo}`, // the same, as the URL parser normalises it
    `::ffff:${hi}:${lo}`, // IPv4-mapped
    `::ffff:0:${hi}:${lo}`, // IPv4-translated (RFC 6145)
    `64:ff9b::${hi}:${lo}`, // NAT64 well-known prefix
    `2002:${hi}:${lo}::1`, // 6to4
  ];
}

describe('SSRF policy', () => {
  const strict = createSsrfPolicy([]);
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
  ])('blocks %s (%s)', (address, range) => {
    expect(strict.check('h', address)).toBe(range);
  });
  it.each([
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::a00:1', 'private'],
    ['::a9fe:a9fe', 'linkLocal'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['64:ff9b::a00:5', 'private'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:a9fe:a9fe:1::5', 'linkLocal'],
    ['64:ff9b:1::8.8.8.8', 'rfc6052'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ])('sees through IPv6 wrappings of IPv4: blocks %s (%s)', (address, range) => {
    expect(strict.check('h', address)).toBe(range);
  });
  it('judges every wrapping of an IPv4 address as that address (property)', () => {
    // Random addresses, half of them in a blocked first octet so both verdicts are exercised.
    const first = fc.oneof(fc.nat(255), fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 224, 240));
    const v4 = fc.tuple(first, fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    fc.assert(
      fc.property(v4, (addr) => {
        const refused = strict.check('h', addr) !== null;
        for (const w of wrappings(addr)) expect([w, strict.check('h', w) !== null]).toEqual([w, refused]);
      }),
      { numRuns: 3000 },
    );
    // Every private, loopback and link-local range in particular (fast-check may miss some).
    for (const addr of [
      '127.1.2.3',
      '10.200.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.1.1',
    ]) {
      for (const w of wrappings(addr)) expect([w, strict.check('h', w)]).toEqual([w, ipaddr.parse(addr).range()]);
    }
  });
  it('lets public IPv4 through its NAT64 and 6to4 forms; SSRF_ALLOW applies to the embedded address', () => {
    expect(strict.check('h', '64:ff9b::808:808')).toBeNull();
    expect(strict.check('h', '2002:808:808::1')).toBeNull();
    const p = createSsrfPolicy(['127.0.0.2']);
    expect(p.check('h', '::ffff:127.0.0.2')).toBeNull();
    expect(p.check('h', '::127.0.0.2')).toBeNull();
    expect(p.check('h', '::127.0.0.1')).toBe('loopback');
  });
  it('lets public addresses through', () => {
    expect(strict.check('example.com', '93.184.216.34')).toBeNull();
    expect(strict.check('example.com', '2606:2800:220:1::1')).toBeNull();
  });
  it('honours CIDRs, single addresses and host names (with *. suffixes) in SSRF_ALLOW', () => {
    const p = createSsrfPolicy(['10.1.0.0/16', '::1', 'db.internal', '*.corp.example']);
    expect(p.check('x', '10.1.2.3')).toBeNull();
    expect(p.check('x', '10.2.0.1')).toBe('private');
    expect(p.check('x', '::1')).toBeNull();
    expect(p.check('x', '127.0.0.1')).toBe('loopback');
    expect(p.check('db.internal', '10.9.9.9')).toBeNull();
    expect(p.check('api.corp.example', '192.168.0.1')).toBeNull();
    expect(p.check('corp.example.evil', '192.168.0.1')).toBe('private');
  });
  it('refuses IP literals before any connection is attempted', async () => {
    const guard = createGuardedFetch(strict);
    const started = Date.now();
    await expect(guard.fetch('http://10.0.0.1/', {})).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(guard.fetch('http://169.254.169.254/', {})).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(guard.resolve('10.0.0.1')).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(guard.fetch('ftp://example.com/', {})).rejects.toThrow(/only http and https/);
    expect(Date.now() - started).toBeLessThan(500);
    await guard.close();
  });
  it('judges each IP literal once and keeps judging it the same way', async () => {
    const guard = createGuardedFetch(strict);
    for (let i = 0; i < 3; i++) {
      await expect(guard.fetch('http://10.0.0.1/', {})).rejects.toBeInstanceOf(SsrfBlockedError);
      await expect(guard.fetch('http://[::ffff:127.0.0.1]/', {})).rejects.toBeInstanceOf(SsrfBlockedError);
    }
    // A public literal is let through to the connect (which cannot succeed here: no network).
    for (let i = 0; i < 2; i++) {
      const err = await guard.fetch('http://8.8.8.8:9/', { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(SsrfBlockedError);
    }
    await guard.close();
  });
});
