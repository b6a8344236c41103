import type { SessionOrigin, SessionStatus } from '@libs/database';
import { MatchResult } from './match-result.model';
import type { ClosedSeason } from './pool-rating.store';
import type { Outcome, RatingState } from './domain';

/** The durable session fields a result needs (read inside the result's transaction). */
export interface ResultSession {
  id: string;
  status: SessionStatus;
  /** The session's mode: it decides the rating pool. */
  mode: string;
  /** Who created it: with the mode, decides whether its result may change ratings. */
  origin: SessionOrigin;
  version: number;
  playerIds: string[];
  /** Player ids per team, in the session's team order (placements follow it); one player per team before teams. */
  teams: string[][];
  /** Sequence number of the newest session-history entry; every change a result makes appends exactly one entry. */
  historySeq: number;
  /** Deleted through the sessions API: only an already applied result can still be replayed. */
  closed: boolean;
}

/** A player's durable rating in one pool, read inside the transaction that will change it. */
export interface RatedPlayer {
  id: string;
  /** As stored; null before the player's first game in the pool. */
  state: RatingState | null;
  /** The pool season `state` belongs to. */
  season: number;
  /** Timestamp of the player's latest rating-history entry in the pool, if any. */
  lastRatedAt: Date | null;
}

/** One player's side of an application: written as a rating-history entry plus the rating update. */
export interface RatingEntry {
  playerId: string;
  /** The first opponent (the only one in a 1v1): the first player of the first other team. */
  opponentId: string;
  /** For the win/loss/draw stats: 1 alone in first place, 0.5 sharing it, 0 otherwise (teamOutcome). */
  outcome: Outcome;
  /** Displayed ratings before and after, and their difference. */
  oldRating: number;
  newRating: number;
  change: number;
  /** The stored state read (null: the player's first game in the pool) and the state to write. */
  before: RatingState | null;
  after: RatingState;
  /** The season the new state belongs to. */
  season: number;
}

/** A session-history entry to append, and the session status change (if any) that goes with it. */
export interface SessionChange {
  session: ResultSession;
  status: 'completed' | 'disputed' | null;
  event: string;
  details: Record<string, unknown>;
}

export interface RatingHistoryItem {
  timestamp: Date;
  rating: number;
  change: number;
  sessionId: string;
  opponentId: string;
  outcome: Outcome;
  /** The player's game number; the newest entry's seq equals games_played. */
  seq: number;
}

export interface RankedPlayer {
  id: string;
  username: string;
  rating: number;
  gamesPlayed: number;
}

/** The reads and writes of one result transaction; everything done through it commits or aborts together. */
export interface MatchResultTx {
  findSession(sessionId: string): Promise<ResultSession | null>;
  findResult(sessionId: string): Promise<MatchResult | null>;
  /** The pool's current season: 1 + the newest closed season. */
  currentSeason(pool: string): Promise<number>;
  /** The ratings in `pool` of the players found among `ids` (unknown ids absent). */
  findPlayers(pool: string, ids: string[]): Promise<RatedPlayer[]>;
  /** Stores `result` (inserting it when `isNew`) and appends the session change. */
  saveResult(result: MatchResult, isNew: boolean, change: SessionChange): Promise<void>;
  /** Writes the players' rating-history entries and ratings in `pool` at `at`; fails if a rating changed since read. */
  applyRatings(pool: string, entries: RatingEntry[], sessionId: string, at: Date): Promise<void>;
  /** The season a close request with this id closed, if any. */
  findClosedSeason(pool: string, seasonId: string): Promise<ClosedSeason | null>;
  /** Closes season `number`: stores its final standings and the closed season (so `number + 1` is current). */
  closeSeason(pool: string, number: number, seasonId: string, at: Date): Promise<ClosedSeason>;
}

/**
 * Port for durable match results. `transaction` runs `work` in one MongoDB transaction and re-runs it from the start
 * when the database reports a conflicting concurrent transaction, so `work` must have no side effects outside `tx`.
 */
export abstract class MatchResultStore {
  abstract transaction<T>(work: (tx: MatchResultTx) => Promise<T>): Promise<T>;
  abstract markCacheSynced(sessionId: string, updatedAt: Date): Promise<void>;
  /** Results whose post-commit refresh has not been confirmed and that were last changed before `olderThan`. */
  abstract findUnsynced(olderThan: Date, limit: number): Promise<MatchResult[]>;
  /** A player's rating history, newest first, strictly before `before` when given. */
  abstract findHistory(playerId: string, limit: number, before?: Date): Promise<RatingHistoryItem[]>;
  /** Players with at least one rated game, in id order after `afterId` (for rebuilding the leaderboard). */
  abstract findRankedPlayers(afterId: string | null, limit: number): Promise<RankedPlayer[]>;
}
