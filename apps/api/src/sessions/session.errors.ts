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

export class InvitationPendingError extends ConflictError {
  constructor(sessionId: string) {
    super(`Session ${sessionId} is waiting for its invited players to accept; it cannot change until they all have`, 'INVITATION_PENDING');
  }
}

/** Accepting a session that has no open invitation for the caller (created by a server, by the caller, or placed). */
export class NotInvitedError extends ConflictError {
  constructor(playerId: string, sessionId: string) {
    super(`Player ${playerId} has no invitation to accept in session ${sessionId}`, 'NOT_INVITED');
  }
}

/** The invitation was declined, expired or deleted: the session is cancelled. */
export class InvitationClosedError extends ConflictError {
  constructor(sessionId: string, reason: string) {
    super(`The invitation to session ${sessionId} was cancelled (${reason})`, 'INVITATION_CANCELLED');
  }
}

/** Declining a session whose players were all placed already: leave it with DELETE instead. */
export class InvitationAlreadyAcceptedError extends ConflictError {
  constructor(sessionId: string) {
    super(`Every invitation to session ${sessionId} was accepted; delete the session to leave it`, 'INVITATION_ACCEPTED');
  }
}

/** Every retry of an unconditional update lost a race; the client may simply retry. */
export class SessionContendedError extends ConflictError {
  constructor(sessionId: string) {
    super(`Session ${sessionId} is being changed concurrently; retry`, 'SESSION_CONTENDED');
  }
}
