import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, PayloadTooLargeError } from '@libs/common';
import type { SessionStatus } from './session-status';

export class SessionNotFoundError extends NotFoundError {
  constructor(sessionId: string) {
    super(`Session ${sessionId} not found`, 'SESSION_NOT_FOUND');
  }
}

export class SessionPlayersNotFoundError extends NotFoundError {
  constructor(playerIds: string[]) {
    super(`Unknown player${playerIds.length > 1 ? 's' : ''}: ${playerIds.join(', ')}`, 'PLAYER_NOT_FOUND');
  }
}

export class SessionForbiddenError extends ForbiddenError {
  constructor(message = 'Only the session\'s players or a game server may do this') {
    super(message, 'SESSION_FORBIDDEN');
  }
}

export class InvalidSessionInputError extends InvalidInputError {
  constructor(message: string, code = 'INVALID_SESSION_INPUT') {
    super(message, code);
  }
}

export class SessionStateTooLargeError extends PayloadTooLargeError {
  constructor(bytes: number, maxBytes: number) {
    super(`state is ${bytes} bytes serialized; the limit is ${maxBytes}`, 'SESSION_STATE_TOO_LARGE');
  }
}

export class PlayerBusyError extends ConflictError {
  constructor(
    readonly playerId: string,
    reason: { sessionId?: string | null; queuedMode?: string | null },
  ) {
    super(
      reason.sessionId
        ? `Player ${playerId} is already in unfinished session ${reason.sessionId}`
        : `Player ${playerId} is queued for matchmaking${reason.queuedMode ? ` (${reason.queuedMode})` : ''}`,
      'PLAYER_BUSY',
    );
  }
}

export class InvalidTransitionError extends ConflictError {
  constructor(from: SessionStatus, to: SessionStatus) {
    super(`Cannot change session status from ${from} to ${to}`, 'INVALID_TRANSITION');
  }
}

export class SessionFinishedError extends ConflictError {
  constructor(status: SessionStatus) {
    super(`Session is ${status}; a finished session no longer changes`, 'SESSION_FINISHED');
  }
}

export class StaleVersionError extends ConflictError {
  constructor(given: number, current: number) {
    super(
      given === current
        ? `Session changed concurrently at version ${current}; re-read it and retry`
        : `Version ${given} is stale; the session is at version ${current}`,
      'STALE_VERSION',
    );
  }
}

/** Every retry of an unconditional update lost a race; the client may simply retry. */
export class SessionContendedError extends ConflictError {
  constructor(sessionId: string) {
    super(`Session ${sessionId} is being changed concurrently; retry`, 'SESSION_CONTENDED');
  }
}
