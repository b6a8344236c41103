import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { isObjectId, PlayerActor, UnauthorizedError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AccessTokenRevocations } from './access-token-revocations';
import { checkRegisteredClaims, Hs256Expectations, hs256Claims } from './hs256-jwt';
import { isFamilyId } from './refresh-token';
import { RefreshTokenStore } from './refresh-token.store';

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;
/** Bound on remembered signatures (a few MB); only tokens this service signed get in, so callers cannot flood it. */
const MAX_REMEMBERED_SIGNATURES = 10_000;

/**
 * Turns an `Authorization: Bearer` header into the calling player: signature (HS256 only, so `alg: none` fails),
 * issuer, audience, expiry (`exp` and `iat` required), then revocation: of the token itself (logout) or of the
 * refresh-token family it was issued with (logout, refresh-token reuse). Revocation is read from Redis on every
 * request, so it takes effect at once on every replica; a Redis failure passes through (503), never a 401.
 */
@Injectable()
export class AccessTokenVerifier {
  // Prepared once: deriving the HMAC key per request was the bulk of verification's cost.
  private readonly key: KeyObject;
  private readonly expect: Hs256Expectations;
  // A token's signature never changes, so each is checked once: a client sends the same token for many requests.
  // Expiry, audience, issuer and revocation are still checked on every request.
  private readonly signed = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revocations: AccessTokenRevocations,
    private readonly refreshTokens: RefreshTokenStore,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
    this.expect = { issuer: config.jwt.issuer, audience: config.jwt.audience };
  }

  /** @throws UnauthorizedError (401) for a missing, invalid, expired or revoked token. */
  async verify(authorization: string | string[] | undefined): Promise<PlayerActor> {
    const token = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
    if (!token) throw new UnauthorizedError('Missing or invalid access token');
    return this.actorFor(this.currentClaims(token));
  }

  /** Signature (HS256, this service's key), issuer, audience and expiry of a raw token; its claims when all hold. */
  currentClaims(token: string): Record<string, unknown> {
    const signed = this.signedClaims(token);
    if (!signed) throw new UnauthorizedError('Missing or invalid access token');
    const result = checkRegisteredClaims(signed, this.expect, Math.floor(Date.now() / 1000));
    if (!result.ok) throw new UnauthorizedError(result.reason === 'expired' ? 'Access token has expired' : 'Missing or invalid access token');
    return result.claims;
  }

  /** The player behind claims whose signature and expiry hold: every issued claim present, nothing revoked. */
  async actorFor(claims: Record<string, unknown>): Promise<PlayerActor> {
    const { role, sub, jti, exp, iat, fid } = claims;
    const familyId = fid ?? null;
    // Every claim the service issues is required (the signature check alone accepts a token without exp).
    if (
      role !== 'player' ||
      typeof sub !== 'string' ||
      !isObjectId(sub) ||
      typeof jti !== 'string' ||
      !Number.isInteger(exp) ||
      !Number.isInteger(iat) ||
      (familyId !== null && (typeof familyId !== 'string' || !isFamilyId(familyId)))
    ) {
      throw new UnauthorizedError('Invalid access token');
    }
    // Tokens issued at login carry their family, whose revocation marker outlives them: one lookup per request.
    // Only tokens minted without a family (tooling) fall back to the per-token deny-list.
    const revoked = familyId ? await this.refreshTokens.isRevoked(familyId) : await this.revocations.isRevoked(jti);
    if (revoked) throw new UnauthorizedError('Access token has been revoked');
    return { role: 'player', playerId: sub, tokenId: jti, expiresAt: exp as number, familyId };
  }

  private signedClaims(token: string): Readonly<Record<string, unknown>> | null {
    const known = this.signed.get(token);
    if (known) return known;
    const claims = hs256Claims(token, this.key);
    if (!claims) return null;
    if (this.signed.size >= MAX_REMEMBERED_SIGNATURES) this.signed.clear();
    this.signed.set(token, Object.freeze(claims));
    return claims;
  }
}
