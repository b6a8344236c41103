import type { SessionStatus } from '@libs/database';
import { MatchResult } from './match-result.model';
import type { Outcome } from './domain';

/** The durable session fields a result needs (read inside the result's transaction). */
export interface ResultSession {
  id: string;
  status: SessionStatus;
  playerIds: string[];
  /** Sequence number of the newest session-history entry; every change a result makes appends exactly one entry. */
  historySeq: number;
  /** Deleted through the sessions API: only an already applied result can still be replayed. */
  closed: boolean;
}

/** A player's durable rating state, read inside the transaction that will change it. */
export interface RatedPlayer {
  id: string;
  rating: number;
  gamesPlayed: number;
  /** Timestamp of the player's latest rating-history entry, if any. */
  lastRatedAt: Date | null;
}

/** One player's side of an application: written as a rating-history entry plus the profile update. */
export interface RatingEntry {
  playerId: string;
  opponentId: string;
  outcome: Outcome;
  oldRating: number;
  newRating: number;
  change: number;
  /** The player's games_played before this game (the optimistic-concurrency check). */
  gamesPlayedBefore: number;
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
  /** Players found among `ids` (unknown ids absent). */
  findPlayers(ids: string[]): Promise<RatedPlayer[]>;
  /** Stores `result` (inserting it when `isNew`) and appends the session change. */
  saveResult(result: MatchResult, isNew: boolean, change: SessionChange): Promise<void>;
  /** Writes both players' rating-history entries and profile updates at `at`; fails if a player changed since read. */
  applyRatings(entries: RatingEntry[], sessionId: string, at: Date): Promise<void>;
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
