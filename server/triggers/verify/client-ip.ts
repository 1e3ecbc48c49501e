// Who is calling: the socket address, unless that is a trusted proxy, in which case
// X-Forwarded-For is read from the right, skipping trusted proxies, and the first untrusted
// hop is the client. A forwarded header from anyone else is ignored: it is trivially forged.
import ipaddr from 'ipaddr.js';
import { boundedMemo } from '../../lib/bounded-memo.ts';

export type CidrList = [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Parses addresses and CIDRs; throws naming the first bad entry. */
export function parseCidrs(entries: string[]): CidrList {
  return entries.map((raw) => {
    const e = raw.trim();
    try {
      if (e.includes('/')) return normaliseRange(ipaddr.parseCIDR(e));
      const addr = normalise(ipaddr.parse(e));
      return [addr, addr.kind() === 'ipv4' ? 32 : 128];
    } catch {
      throw new Error(`"${e}" is not an IP address or CIDR range`);
    }
  });
}

function normalise(addr: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
    ? (addr as ipaddr.IPv6).toIPv4Address()
    : addr;
}

function normaliseRange([addr, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [addr, bits];
}

export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return normalise(ipaddr.parse(text.trim()));
  } catch {
    return null;
  }
}

export function inRanges(ip: string, ranges: CidrList): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  for (const [range, bits] of ranges) {
    if (range.kind() === addr.kind() && addr.match(range, bits)) return true;
  }
  return false;
}

// The socket address as text, normalised (::ffff:192.0.2.1 is 192.0.2.1): parsed once per
// address seen rather than once per request (it showed in the ingest profile).
const socketAddress = boundedMemo((remote) => parseIp(remote)?.toString() ?? remote, 10_000);

export function clientIp(
  remote: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: CidrList,
): string {
  const socket = socketAddress(remote ?? '');
  if (trusted.length === 0 || !forwardedFor || !inRanges(socket, trusted)) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i])?.toString();
    if (!hop) return socket; // a malformed hop: trust nothing further left
    if (!inRanges(hop, trusted)) return hop;
  }
  return hops.length > 0 ? (parseIp(hops[0])?.toString() ?? socket) : socket;
}
