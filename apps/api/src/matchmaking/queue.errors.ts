import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@libs/common';

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

export class PartyMemberCannotQueueError extends ConflictError {
  constructor(partyId: string) {
    super(`Player is in party ${partyId}: only its leader queues it, and members cannot queue alone`, 'PARTY_MEMBER_CANNOT_QUEUE');
  }
}

export class PartyMembersBusyError extends ConflictError {
  constructor(
    described: string[],
    readonly playerIds: string[],
  ) {
    super(`Party members are busy: ${described.join(', ')}`, 'PARTY_MEMBERS_BUSY');
  }
}

export class PartyTooLargeError extends InvalidInputError {
  constructor(size: number, mode: string, teamSize: number) {
    super(`A party of ${size} does not fit in one team of ${mode} (team size ${teamSize})`, 'PARTY_TOO_LARGE');
  }
}

export class QueuePlayerNotFoundError extends NotFoundError {
  constructor(playerId: string) {
    super(`Player ${playerId} not found`, 'PLAYER_NOT_FOUND');
  }
}

export class MatchNotFoundError extends NotFoundError {
  constructor(matchId: string) {
    super(`Match ${matchId} not found (or its ready-check is long over)`, 'MATCH_NOT_FOUND');
  }
}

export class NotInMatchError extends ForbiddenError {
  constructor() {
    super('You are not a player of this match', 'NOT_IN_MATCH');
  }
}

export class AlreadyAnsweredError extends ConflictError {
  constructor() {
    super('You have already answered this ready-check', 'ALREADY_ANSWERED');
  }
}

export class MatchNotPendingError extends ConflictError {
  constructor(status: string) {
    super(`This match is no longer waiting for answers (${status})`, 'MATCH_NOT_PENDING');
  }
}
