import { Injectable } from '@nestjs/common';
import { DEFAULT_POOL } from '@libs/config';
import { ClosedSeason, PoolRatingStore, SeasonStanding, StoredPoolRating } from '../pool-rating.store';
import type { RatingHistoryItem } from '../match-result.store';
import { PoolRatingCache } from '../pool-rating.cache';
import { RatingPools } from '../rating-pools';
import { MongoPoolRatingStore } from './mongo-pool-rating.store';

/**
 * The pool-rating reads that every rating view, leaderboard and pool-mode join makes (a player's ratings, a pool's
 * current season) served from the Redis mirror, MongoDB only on a miss; everything else goes to MongoDB.
 */
@Injectable()
export class CachedPoolRatingStore extends PoolRatingStore {
  constructor(
    private readonly mongo: MongoPoolRatingStore,
    private readonly cache: PoolRatingCache,
    pools: RatingPools,
  ) {
    super();
    this.poolNames = pools.all().map((p) => p.name).filter((name) => name !== DEFAULT_POOL);
  }

  private readonly poolNames: string[];

  async find(pool: string, playerId: string): Promise<StoredPoolRating | null> {
    return (await this.allOf(playerId)).find((r) => r.pool === pool) ?? null;
  }

  async findByPlayer(playerId: string, pools: readonly string[]): Promise<StoredPoolRating[]> {
    return inPools(await this.allOf(playerId), pools);
  }

  override async findByPlayerIfCached(playerId: string, pools: readonly string[]): Promise<StoredPoolRating[] | null> {
    const cached = await this.cache.playerRatings(playerId);
    return cached ? inPools(cached, pools) : null;
  }

  playersOfSeason(pool: string, season: number, after: string | null, limit: number): Promise<string[]> {
    return this.mongo.playersOfSeason(pool, season, after, limit);
  }

  countInSeason(pool: string, season: number): Promise<number> {
    return this.mongo.countInSeason(pool, season);
  }

  /** The player's ratings in every configured pool: the mirror holds the complete set or is filled with it. */
  private async allOf(playerId: string): Promise<StoredPoolRating[]> {
    const cached = await this.cache.playerRatings(playerId);
    if (cached) return cached;
    const rated = await this.mongo.findByPlayer(playerId, this.poolNames);
    await this.cache.fillPlayer(playerId, rated);
    return rated;
  }

  async currentSeason(pool: string): Promise<number> {
    const cached = await this.cache.season(pool);
    if (cached !== null) return cached;
    const season = await this.mongo.currentSeason(pool);
    await this.cache.putSeason(pool, season);
    return season;
  }

  findMany(pool: string, playerIds: string[]): Promise<StoredPoolRating[]> {
    return this.mongo.findMany(pool, playerIds);
  }

  top(pool: string, season: number, limit: number): Promise<StoredPoolRating[]> {
    return this.mongo.top(pool, season, limit);
  }

  countAbove(pool: string, season: number, rating: number): Promise<number> {
    return this.mongo.countAbove(pool, season, rating);
  }

  findSeason(pool: string, number: number): Promise<ClosedSeason | null> {
    return this.mongo.findSeason(pool, number);
  }

  standings(pool: string, season: number, limit: number): Promise<SeasonStanding[]> {
    return this.mongo.standings(pool, season, limit);
  }

  findHistory(pool: string, playerId: string, limit: number, before?: Date): Promise<RatingHistoryItem[]> {
    return this.mongo.findHistory(pool, playerId, limit, before);
  }
}

function inPools(ratings: StoredPoolRating[], pools: readonly string[]): StoredPoolRating[] {
  const wanted = new Set(pools);
  return ratings.filter((r) => wanted.has(r.pool));
}
