// Caller addresses and allow-lists: IPv4, IPv6, IPv4-mapped IPv6, and X-Forwarded-For only
// through trusted proxies.
import { describe, expect, it } from 'vitest';
import { clientIp, inRanges, parseCidrs } from '../../../server/triggers/verify/client-ip.ts';

describe('allow-lists', () => {
  const list = parseCidrs(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::ffff:172.16.0.0/108']);
  it('matches IPv4 and IPv6 ranges and single addresses', () => {
    expect(inRanges('10.200.3.4', list)).toBe(true);
    expect(inRanges('11.0.0.1', list)).toBe(false);
    expect(inRanges('192.168.1.7', list)).toBe(true);
    expect(inRanges('192.168.1.8', list)).toBe(false);
    expect(inRanges('2001:db8:abcd::1', list)).toBe(true);
    expect(inRanges('2001:db9::1', list)).toBe(false);
  });
  it('treats IPv4-mapped IPv6 as IPv4 on both sides', () => {
    expect(inRanges('::ffff:10.1.2.3', list)).toBe(true);
    expect(inRanges('172.16.9.9', list)).toBe(true);
    expect(inRanges('not-an-ip', list)).toBe(false);
  });
  it('names a bad entry', () => {
    expect(() => parseCidrs(['10.0.0.0/33'])).toThrow(/10.0.0.0\/33/);
    expect(() => parseCidrs(['example.com'])).toThrow(/example.com/);
  });
});

describe('clientIp', () => {
  const trusted = parseCidrs(['127.0.0.1', '10.0.0.0/8']);
  it('uses the socket address when no proxy is trusted or the peer is not one', () => {
    expect(clientIp('::ffff:203.0.113.5', '198.51.100.1', [])).toBe('203.0.113.5');
    expect(clientIp('203.0.113.5', '198.51.100.1', trusted)).toBe('203.0.113.5');
  });
  it('walks X-Forwarded-For from the right, skipping trusted hops', () => {
    expect(clientIp('127.0.0.1', '198.51.100.1, 10.0.0.2', trusted)).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', '1.1.1.1, 198.51.100.1, 10.0.0.2', trusted)).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', ['2001:db8::1'], trusted)).toBe('2001:db8::1');
  });
  it('answers the same for an address seen before, whichever form it came in', () => {
    for (let i = 0; i < 3; i++) {
      expect(clientIp('::ffff:203.0.113.5', undefined, [])).toBe('203.0.113.5');
      expect(clientIp('203.0.113.5', undefined, [])).toBe('203.0.113.5');
      expect(clientIp('2001:DB8:0:0::1', undefined, [])).toBe('2001:db8::1');
      expect(clientIp('not-an-ip', undefined, [])).toBe('not-an-ip');
      expect(clientIp(undefined, undefined, [])).toBe('');
      // The trust decision is made per request, on the remembered normal form.
      expect(clientIp('::ffff:127.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1');
    }
  });
  it('stops at a malformed hop rather than trusting what is left of it', () => {
    expect(clientIp('127.0.0.1', '198.51.100.1, garbage', trusted)).toBe('127.0.0.1');
  });
});
