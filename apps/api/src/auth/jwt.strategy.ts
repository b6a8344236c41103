import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { isObjectId, PlayerActor, UnauthorizedError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AccessTokenRevocations } from './access-token-revocations';
import { isFamilyId } from './refresh-token';
import { RefreshTokenStore } from './refresh-token.store';
import type { AccessTokenClaims } from './token.service';

/**
 * Verifies signature (HS256 only, so `alg: none` fails), issuer, audience, expiry (`exp` and `iat` required), then revocation: of the token
 * itself (logout) or of the refresh-token family it was issued with (logout, refresh-token reuse).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revocations: AccessTokenRevocations,
    private readonly refreshTokens: RefreshTokenStore,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject is prepared once; passing the string makes every verify re-derive the key (~50x slower).
      // (jsonwebtoken accepts a KeyObject; passport-jwt's typings only list string | Buffer.)
      secretOrKey: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<PlayerActor> {
    const familyId = claims.fid ?? null;
    // jsonwebtoken checks exp only when present: every claim the service issues is required here (iss and aud by verify).
    if (
      claims.role !== 'player' ||
      !isObjectId(claims.sub) ||
      typeof claims.jti !== 'string' ||
      !Number.isInteger(claims.exp) ||
      !Number.isInteger(claims.iat) ||
      (familyId !== null && !isFamilyId(familyId))
    ) {
      throw new UnauthorizedError('Invalid access token');
    }
    // Tokens issued at login carry their family, whose revocation marker outlives them: one lookup per request.
    // Only tokens minted without a family (tooling) fall back to the per-token deny-list.
    const revoked = familyId ? await this.refreshTokens.isRevoked(familyId) : await this.revocations.isRevoked(claims.jti);
    if (revoked) throw new UnauthorizedError('Access token has been revoked');
    return { role: 'player', playerId: claims.sub, tokenId: claims.jti, expiresAt: claims.exp, familyId };
  }
}
