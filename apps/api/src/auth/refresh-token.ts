import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: `<family id>.<secret>`, both random base64url. The family id names the Redis record of
 * one login's token chain (and is its cluster hash tag); only a SHA-256 digest of the secret is ever stored.
 * Opaque rather than a JWT because every refresh must consult server-side state anyway (rotation, reuse detection,
 * revocation): a signature would add length and a second key to manage, and could never be trusted on its own.
 */
export interface RefreshToken {
  familyId: string;
  secret: string;
}

const FAMILY_BYTES = 16;
const SECRET_BYTES = 32;
const FAMILY_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function newFamilyId(): string {
  return randomBytes(FAMILY_BYTES).toString('base64url');
}

export function isFamilyId(value: unknown): value is string {
  return typeof value === 'string' && FAMILY_PATTERN.test(value);
}

export function newRefreshToken(familyId: string): RefreshToken {
  return { familyId, secret: randomBytes(SECRET_BYTES).toString('base64url') };
}

export function formatRefreshToken(token: RefreshToken): string {
  return `${token.familyId}.${token.secret}`;
}

/** Returns null for anything that is not exactly a token of our format (no partial matches, no trimming). */
export function parseRefreshToken(raw: string): RefreshToken | null {
  const match = TOKEN_PATTERN.exec(raw);
  return match ? { familyId: match[1], secret: match[2] } : null;
}

/** A fast digest suffices: the secret has 256 bits of entropy, so there is nothing to brute-force. */
export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
