import type { Outcome } from './domain';

/** `pending`: one player has reported; `applied`: ratings changed (final); `disputed`: players disagreed. */
export type MatchResultStatus = 'pending' | 'applied' | 'disputed';

/** One report, normalised to the outcome of the session's first player so reports compare directly. */
export interface MatchReport {
  /** `server` or the reporting player's id. */
  reporter: string;
  outcome: Outcome;
  at: Date;
}

export interface RatingChange {
  playerId: string;
  oldRating: number;
  newRating: number;
  change: number;
}

export interface MatchResult {
  sessionId: string;
  /** The session's two players, in session order; `outcome` and report outcomes are from `playerIds[0]`'s side. */
  playerIds: [string, string];
  /** The rating pool of the session's mode. */
  pool: string;
  status: MatchResultStatus;
  reports: MatchReport[];
  /** The applied outcome (for `playerIds[0]`), null until applied. */
  outcome: Outcome | null;
  /** Who settled it: a server report, or two agreeing player reports. */
  source: 'server' | 'players' | null;
  /** Both players' changes in session order; empty until applied, and always for an unrated result. */
  changes: RatingChange[];
  /** Fixed when the result is first stored: false when the session may not change ratings (its origin and mode). */
  rated: boolean;
  createdAt: Date;
  updatedAt: Date;
  appliedAt: Date | null;
  /** False from commit until the Redis mirrors and the session's hot copy agree with this result again. */
  cacheSynced: boolean;
}

export const SERVER_REPORTER = 'server';


/** The outcome of `playerIds[0]`, given `playerId`'s outcome. */
export function outcomeOfFirst(playerIds: readonly string[], playerId: string, outcome: Outcome): Outcome {
  return playerId === playerIds[0] ? outcome : ((1 - outcome) as Outcome);
}
