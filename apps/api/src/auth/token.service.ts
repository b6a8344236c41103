import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';

export interface AccessTokenClaims {
  sub: string;
  role: 'player';
  jti: string;
  /** Refresh-token family the token was issued with; revoking the family revokes the token too. */
  fid?: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export interface SignedAccessToken {
  token: string;
  jti: string;
  expiresIn: number;
}

/** Signs access tokens (HS256 only) with the player id, role, a unique id (for revocation), issuer and audience. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signAccessToken(playerId: string, familyId?: string): Promise<SignedAccessToken> {
    const jti = randomUUID();
    const expiresIn = this.config.jwt.accessTtlSeconds;
    const token = await this.jwt.signAsync(familyId ? { role: 'player', fid: familyId } : { role: 'player' }, {
      subject: playerId,
      jwtid: jti,
      expiresIn,
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      algorithm: 'HS256',
      secret: this.config.jwt.secret,
    });
    return { token, jti, expiresIn };
  }
}
