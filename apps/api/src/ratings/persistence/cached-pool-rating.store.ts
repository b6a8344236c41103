import { Injectable } from '@nestjs/common';
import { ClosedSeason, PoolRatingStore, SeasonStanding, StoredPoolRating } from '../pool-rating.store';
import type { RatingHistoryItem } from '../match-result.store';
import { PoolRatingCache } from '../pool-rating.cache';
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
  ) {
    super();
  }

  async find(pool: string, playerId: string): Promise<StoredPoolRating | null> {
    return (await this.findByPlayer(playerId)).find((r) => r.pool === pool) ?? null;
  }

  async findByPlayer(playerId: string): Promise<StoredPoolRating[]> {
    const cached = await this.cache.playerRatings(playerId);
    if (cached) return cached;
    const rated = await this.mongo.findByPlayer(playerId);
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
