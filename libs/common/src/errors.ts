/**
 * Domain errors carry a stable code and a kind; services throw these (never HttpException) so that scheduled jobs can
 * call them too. The HTTP edge maps the kind to a status code in one place (`http-exception.filter.ts`).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = code;
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, code = 'INVALID_INPUT') {
    super('invalid', code, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication required', code = 'UNAUTHORIZED') {
    super('unauthorized', code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed', code = 'FORBIDDEN') {
    super('forbidden', code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, code = 'NOT_FOUND') {
    super('not_found', code, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'CONFLICT') {
    super('conflict', code, message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string, code = 'PAYLOAD_TOO_LARGE') {
    super('too_large', code, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code = 'RATE_LIMITED') {
    super('rate_limited', code, message, retryAfterSeconds);
  }
}

/** Seconds a client is told to wait (Retry-After) when a backing service is unavailable; failovers take about this. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

export class DependencyUnavailableError extends DomainError {
  constructor(message: string, code = 'DEPENDENCY_UNAVAILABLE', retryAfterSeconds = DEPENDENCY_RETRY_AFTER_SECONDS) {
    super('unavailable', code, message, retryAfterSeconds);
  }
}

export const ERROR_KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};
