import { isIP } from 'node:net';
import type { TrustProxy } from '@libs/config';

/**
 * TRUST_PROXY as Fastify's `trustProxy` option. A hop count N becomes the function proxy-addr applies to one (trust the
 * N nearest hops): since 5.12 Fastify trusts nobody for a bare number, while a hop count is this service's documented
 * setting for a fixed chain of proxies (docs/auth.md).
 */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

/**
 * The address throttling counts a request against: the address Fastify derived through the trusted proxy hops
 * (TRUST_PROXY), else the socket's peer. Only a well-formed IP is ever used (it ends up in Redis key names); IPv4-mapped
 * IPv6 becomes plain IPv4, and IPv6 is counted per /64, the block one subscriber usually holds.
 */
export function clientAddress(derived: string | undefined, socketAddress: string | undefined): string {
  return normalizeIp(derived) ?? normalizeIp(socketAddress) ?? 'unknown';
}

export function normalizeIp(raw: string | undefined): string | null {
  if (!raw) return null;
  const value = raw.trim();
  if (isIP(value) === 4) return value;
  if (isIP(value) !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  const groups = expandIpv6(value);
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail becomes two groups). */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right];
}
