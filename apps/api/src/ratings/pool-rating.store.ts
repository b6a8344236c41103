import type { RatingState } from './domain';
import type { RatingHistoryItem } from './match-result.store';

/** A player's stored rating in a pool other than `default`. */
export interface StoredPoolRating {
  pool: string;
  playerId: string;
  state: RatingState;
  season: number;
  wins: number;
}

export interface SeasonStanding {
  rank: number;
  playerId: string;
  rating: number;
  rd: number | null;
  volatility: number | null;
  mu: number | null;
  sigma: number | null;
}

export interface ClosedSeason {
  pool: string;
  number: number;
  seasonId: string;
  closedAt: Date;
  players: number;
}

/** Reads of the pool ratings outside result transactions (views, leaderboards, seasons). */
export abstract class PoolRatingStore {
  abstract find(pool: string, playerId: string): Promise<StoredPoolRating | null>;
  abstract findMany(pool: string, playerIds: string[]): Promise<StoredPoolRating[]>;
  /** Every one of `pools` the player has a rating in, by pool name. */
  abstract findByPlayer(playerId: string, pools: readonly string[]): Promise<StoredPoolRating[]>;
  /**
   * `findByPlayer` when a cache in front of the store holds the player's ratings, else null (nothing is read from the
   * store behind it, nothing is filled): a read that may run before the player is known to exist.
   */
  findByPlayerIfCached(_playerId: string, _pools: readonly string[]): Promise<StoredPoolRating[] | null> {
    return Promise.resolve(null);
  }
  /** Ids of the players rated in a season, in id order after `after` (for rebuilding its board in pages). */
  abstract playersOfSeason(pool: string, season: number, after: string | null, limit: number): Promise<string[]>;
  abstract countInSeason(pool: string, season: number): Promise<number>;
  /** The best ratings of a season, best first (players rated in that season). */
  abstract top(pool: string, season: number, limit: number): Promise<StoredPoolRating[]>;
  /** How many players of the season are rated strictly higher. */
  abstract countAbove(pool: string, season: number, rating: number): Promise<number>;
  abstract currentSeason(pool: string): Promise<number>;
  abstract findSeason(pool: string, number: number): Promise<ClosedSeason | null>;
  abstract standings(pool: string, season: number, limit: number): Promise<SeasonStanding[]>;
  abstract findHistory(pool: string, playerId: string, limit: number, before?: Date): Promise<RatingHistoryItem[]>;
}
