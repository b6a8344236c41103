import { isIP } from 'node:net';
import type { TrustProxy } from './config.types';

/** Names proxy-addr (Fastify's trustProxy) understands for well-known private ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 10;

/**
 * TRUST_PROXY: unset/false (no proxy), a hop count (`1` behind one ingress), or a comma list of the proxies' addresses
 * or CIDRs. A blanket `true` is refused: it would make the client-controlled leftmost X-Forwarded-For the address.
 * @throws Error naming what is wrong
 */
export function parseTrustProxy(raw: string | null): TrustProxy {
  if (raw === null || ['false', 'no', 'off', '0'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new Error('must be a hop count (e.g. 1) or a comma list of proxy addresses/CIDRs; "true" would trust any client-sent X-Forwarded-For');
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > MAX_HOPS) throw new Error(`hop count must be between 1 and ${MAX_HOPS} (got "${raw}")`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (entries.length === 0 || bad.length > 0) throw new Error(`has entries that are neither an IP address nor a CIDR: "${bad.join(', ') || raw}"`);
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Fewest bits of (observed, per-character Shannon) entropy production secrets must carry: JWT signing key, server key. */
export const MIN_SECRET_BITS = { jwt: 96, serverKey: 64 } as const;
const MIN_DISTINCT_CHARACTERS = 10;

/**
 * Why a secret is too predictable for production, or null. A cheap estimate, not a proof: it rejects repeated or
 * low-variety strings ('a'×32, 'passwordpassword…'), which random output (`openssl rand -hex 32`) never resembles.
 */
export function secretWeakness(secret: string, minBits: number): string | null {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_CHARACTERS) return `only ${counts.size} distinct characters`;
  const length = [...secret].length;
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / length) * Math.log2(n / length);
  const bits = Math.floor(bitsPerChar * length);
  if (bits < minBits) return `about ${bits} bits of entropy, at least ${minBits} needed`;
  return null;
}
