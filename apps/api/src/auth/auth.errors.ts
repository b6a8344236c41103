import { NotFoundError, RateLimitedError, UnauthorizedError } from '@libs/common';

/** One message for an unknown username and a wrong password, so the answer reveals neither. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('Invalid username or password', 'INVALID_CREDENTIALS');
  }
}

export class LoginThrottledError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super('Too many failed login attempts; try again later', retryAfterSeconds, 'LOGIN_THROTTLED');
  }
}

export class InvalidRefreshTokenError extends UnauthorizedError {
  constructor() {
    super('Invalid or expired refresh token', 'INVALID_REFRESH_TOKEN');
  }
}

export class RefreshTokenReusedError extends UnauthorizedError {
  constructor() {
    super('Refresh token was already used; every token of that login has been revoked', 'REFRESH_TOKEN_REUSED');
  }
}

export class PlayerNotFoundError extends NotFoundError {
  constructor(playerId: string) {
    super(`Player ${playerId} not found`, 'PLAYER_NOT_FOUND');
  }
}

export class RegistrationThrottledError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super('Too many registrations from this client; try again later', retryAfterSeconds, 'REGISTRATION_THROTTLED');
  }
}
