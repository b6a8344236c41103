import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor, isObjectId, UnauthorizedError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AccessTokenRevocations } from './access-token-revocations';
import type { AccessTokenClaims } from './token.service';

/** Verifies signature (HS256 only, so `alg: none` fails), issuer, audience, expiry, then revocation. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revocations: AccessTokenRevocations,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Actor> {
    if (claims.role !== 'player' || !isObjectId(claims.sub) || typeof claims.jti !== 'string') {
      throw new UnauthorizedError('Invalid access token');
    }
    if (await this.revocations.isRevoked(claims.jti)) throw new UnauthorizedError('Access token has been revoked');
    return { role: 'player', playerId: claims.sub, tokenId: claims.jti, expiresAt: claims.exp };
  }
}
