import type { Placements } from './placements';

/** `pending`: waiting for more player reports; `applied`: ratings changed (final); `disputed`: reports conflicted. */
export type MatchResultStatus = 'pending' | 'applied' | 'disputed';

/** One report, as placements in the session's team order (a 1v1 body is converted), so reports compare directly. */
export interface MatchReport {
  /** `server` or the reporting player's id. */
  reporter: string;
  /** Canonical (competition ranking, see canonicalPlacements). */
  placements: Placements;
  at: Date;
}

export interface RatingChange {
  playerId: string;
  /** The player's team index in the session's team order. */
  team: number;
  oldRating: number;
  newRating: number;
  change: number;
}

export interface MatchResult {
  sessionId: string;
  /** The session's player ids per team, in team order (a 1v1: two teams of one). */
  teams: string[][];
  /** Every player, team by team (`teams` flattened): the order of `changes`. */
  playerIds: string[];
  /** The rating pool of the session's mode. */
  pool: string;
  status: MatchResultStatus;
  reports: MatchReport[];
  /** The applied placements (canonical), null until applied. */
  placements: Placements | null;
  /** Who settled it: a server report, or agreeing player reports from every team. */
  source: 'server' | 'players' | null;
  /** Every player's change, team by team; empty until applied, and always for an unrated result. */
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
