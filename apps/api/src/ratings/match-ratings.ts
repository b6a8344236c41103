import { Injectable } from '@nestjs/common';
import { DEFAULT_POOL } from '@libs/config';
import { PoolRatingStore } from './pool-rating.store';
import { effectiveState, RatingPools } from './rating-pools';

export interface MatchRating {
  pool: string;
  /** Displayed rating the queue pairs by. */
  rating: number;
  /** Uncertainty on the displayed scale (0 for Elo). */
  uncertainty: number;
}

/** What matchmaking reads for a mode: the player's rating in the mode's pool, as of now. */
@Injectable()
export class MatchRatings {
  constructor(
    private readonly pools: RatingPools,
    private readonly poolRatings: PoolRatingStore,
  ) {}

  /** Null for modes rating in `default`, whose rating the queue reads from the player's stats mirror. */
  async forMode(playerId: string, mode: string): Promise<MatchRating | null> {
    const pool = this.pools.forMode(mode);
    if (pool.name === DEFAULT_POOL) return null;
    const [stored, season] = await Promise.all([this.poolRatings.find(pool.name, playerId), this.poolRatings.currentSeason(pool.name)]);
    const state = effectiveState(pool, stored?.state ?? null, stored?.season ?? season, season, new Date());
    return { pool: pool.name, rating: pool.system.display(state), uncertainty: pool.system.uncertainty(state) };
  }
}
