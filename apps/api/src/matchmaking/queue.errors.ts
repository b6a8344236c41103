import { ConflictError, InvalidInputError, NotFoundError } from '@libs/common';

export class AlreadyQueuedError extends ConflictError {
  constructor(mode: string | null) {
    super(`Player is already queued${mode ? ` for ${mode}` : ''}`, 'ALREADY_QUEUED');
  }
}

export class AlreadyInSessionError extends ConflictError {
  constructor(sessionId: string | null) {
    super(`Player is in an unfinished session${sessionId ? ` (${sessionId})` : ''}`, 'ALREADY_IN_SESSION');
  }
}

export class MatchInProgressError extends ConflictError {
  constructor() {
    super('A match for this player is being set up; check the queue status', 'MATCH_IN_PROGRESS');
  }
}

export class NotQueuedError extends NotFoundError {
  constructor() {
    super('Player is not in a queue', 'NOT_QUEUED');
  }
}

export class UnknownQueueModeError extends InvalidInputError {
  constructor(mode: string, modes: readonly string[]) {
    super(`Unknown queue mode "${mode}"; available: ${modes.join(', ')}`, 'UNKNOWN_QUEUE_MODE');
  }
}

export class QueuePlayerNotFoundError extends NotFoundError {
  constructor(playerId: string) {
    super(`Player ${playerId} not found`, 'PLAYER_NOT_FOUND');
  }
}
