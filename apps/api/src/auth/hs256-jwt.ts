import { createHmac, KeyObject, timingSafeEqual } from 'node:crypto';

export interface Hs256Expectations {
  issuer: string;
  audience: string;
}

export type Hs256Result =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'not_yet_valid' | 'issuer' | 'audience' };

/**
 * Verifies a compact HS256 JWT the way jsonwebtoken does for our options (algorithm HS256 only, so `alg: none` and
 * every other algorithm fail; signature compared in constant time; then nbf, exp, audience, issuer, no clock
 * tolerance) with a key prepared once, in a few microseconds. Claims beyond these are the caller's to check.
 */
export function verifyHs256(token: string, key: KeyObject, expect: Hs256Expectations, nowSeconds: number): Hs256Result {
  const claims = hs256Claims(token, key);
  return claims ? checkRegisteredClaims(claims, expect, nowSeconds) : { ok: false, reason: 'signature' };
}

/** The payload of a well-formed compact JWT whose header says HS256 and whose signature `key` made; null otherwise. */
export function hs256Claims(token: string, key: KeyObject): Record<string, unknown> | null {
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) return null;

  const header = parseSegment(token.slice(0, firstDot));
  if (!header || header.alg !== 'HS256') return null;
  const signature = Buffer.from(token.slice(secondDot + 1), 'base64url');
  const expected = createHmac('sha256', key).update(token.slice(0, secondDot)).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  return parseSegment(token.slice(firstDot + 1, secondDot));
}

/** The time-dependent and audience/issuer checks, in jsonwebtoken's order, on claims whose signature holds. */
export function checkRegisteredClaims(claims: Record<string, unknown>, expect: Hs256Expectations, nowSeconds: number): Hs256Result {
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || nowSeconds < claims.nbf)) return { ok: false, reason: 'not_yet_valid' };
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
    if (nowSeconds >= claims.exp) return { ok: false, reason: 'expired' };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.audience)) return { ok: false, reason: 'audience' };
  if (claims.iss !== expect.issuer) return { ok: false, reason: 'issuer' };
  return { ok: true, claims };
}

function parseSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
