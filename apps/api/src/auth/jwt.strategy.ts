import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { PlayerActor } from '@libs/common';
import { AccessTokenVerifier } from './access-token.verifier';

type VerifyDone = (error: Error | null, claims?: Record<string, unknown>) => void;
type JwtVerifierHook = (token: string, secretOrKey: unknown, options: unknown, done: VerifyDone) => void;

/**
 * The passport-jwt strategy behind the global guard: passport-jwt takes the Bearer token from the request, the
 * service's verifier checks it (signature, issuer, audience, expiry), and `validate` turns the claims into the
 * player (every issued claim present, nothing revoked).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly tokens: AccessTokenVerifier) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // The "key" handed to the verification hook is this app's verifier, which holds the prepared HMAC key.
      // (passport-jwt's typings only list string | Buffer keys; the hook below is what reads it.)
      secretOrKeyProvider: (_request, _rawToken, done) => done(null, tokens as unknown as Buffer),
    });
  }

  validate(claims: Record<string, unknown>): Promise<PlayerActor> {
    return this.tokens.actorFor(claims);
  }
}

// passport-jwt verifies through its static `JwtVerifier` hook (jsonwebtoken by default, ~10 % of a request's CPU in
// the profile). The service's verifier makes the same checks with a prepared key and remembers checked signatures,
// so it is plugged in at that hook; any other key keeps passport-jwt's own verifier.
const hook = Strategy as unknown as { JwtVerifier: JwtVerifierHook };
const jsonwebtokenVerifier = hook.JwtVerifier;
hook.JwtVerifier = (token, secretOrKey, options, done) => {
  if (!(secretOrKey instanceof AccessTokenVerifier)) return jsonwebtokenVerifier(token, secretOrKey, options, done);
  let claims: Record<string, unknown>;
  try {
    claims = secretOrKey.currentClaims(token);
  } catch (error) {
    return done(error as Error);
  }
  return done(null, claims);
};
