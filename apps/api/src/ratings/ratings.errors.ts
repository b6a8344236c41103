import { ConflictError, InvalidInputError, NotFoundError } from '@libs/common';

export class ResultSessionNotFoundError extends NotFoundError {
  constructor(sessionId: string) {
    super(`Session ${sessionId} not found`, 'SESSION_NOT_FOUND');
  }
}

export class RatedPlayerNotFoundError extends NotFoundError {
  constructor(playerId: string) {
    super(`Player ${playerId} not found`, 'PLAYER_NOT_FOUND');
  }
}

export class NotOneVersusOneError extends InvalidInputError {
  constructor(sessionId: string, players: number) {
    super(
      `Session ${sessionId} has ${players} players; player_id and outcome report 2-player sessions only: send placements (one per team) instead`,
      'NOT_1V1_SESSION',
    );
  }
}

export class InvalidPlacementsError extends InvalidInputError {
  constructor(sessionId: string, problem: string) {
    super(`Invalid placements for session ${sessionId}: ${problem}`, 'INVALID_PLACEMENTS');
  }
}

export class PlayerNotInSessionError extends InvalidInputError {
  constructor(playerId: string, sessionId: string) {
    super(`Player ${playerId} is not in session ${sessionId}`, 'PLAYER_NOT_IN_SESSION');
  }
}

export class SessionNotOpenError extends ConflictError {
  constructor(sessionId: string, status: string) {
    super(`Session ${sessionId} is ${status}; it no longer accepts results`, 'SESSION_NOT_OPEN');
  }
}

export class ResultAlreadyAppliedError extends ConflictError {
  constructor(sessionId: string) {
    super(`A different result was already applied to session ${sessionId}`, 'RESULT_ALREADY_APPLIED');
  }
}

export class ReportAlreadySubmittedError extends ConflictError {
  constructor(sessionId: string) {
    super(`You already reported a different result for session ${sessionId}; a report cannot be changed`, 'REPORT_ALREADY_SUBMITTED');
  }
}

export class ResultDisputedError extends ConflictError {
  constructor(sessionId: string) {
    super(`The players' reports for session ${sessionId} conflict; the session is disputed until a game server reports the result`, 'RESULT_DISPUTED');
  }
}

export class UnknownPoolError extends NotFoundError {
  constructor(pool: string) {
    super(`Rating pool ${pool} does not exist`, 'POOL_NOT_FOUND');
  }
}

export class SeasonsNotSupportedError extends ConflictError {
  constructor(pool: string) {
    super(
      `Pool ${pool} is the all-time ladder kept in the players' profiles and has no seasons; for seasons on Elo, rate the modes in a pool of your own with system elo`,
      'SEASONS_NOT_SUPPORTED',
    );
  }
}

export class SeasonNotFoundError extends NotFoundError {
  constructor(pool: string, season: number) {
    super(`Pool ${pool} has no season ${season}`, 'SEASON_NOT_FOUND');
  }
}
