import { describe, expect, it } from 'vitest';
import { createGuardedFetch, createSsrfPolicy, SsrfBlockedError } from '../../../server/nodes/http/ssrf-guard.ts';

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
});
