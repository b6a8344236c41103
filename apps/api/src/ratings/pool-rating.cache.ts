import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import type { StoredPoolRating } from './pool-rating.store';

/** A mirror is refreshed by every result and season close; the TTL bounds how long a refresh lost in a crash lingers. */
const PLAYER_POOLS_TTL_SECONDS = 600;
const SEASON_TTL_SECONDS = 60;

interface CachedRating {
  pool: string;
  state: Omit<StoredPoolRating['state'], 'ratedAt'> & { ratedAt: string | null };
  season: number;
  wins: number;
}

/**
 * The Redis mirror of pool ratings (pools other than `default`): each player's ratings in one hash, and each pool's
 * current season, so that rating views and on-join ratings are served without MongoDB. Writes are "newer wins"
 * (version = season, then games played), so a refresh or a miss-fill that lands late never overwrites newer numbers.
 */
@Injectable()
export class PoolRatingCache implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'pool-rating-write-if-newer', 1);
    defineLuaCommand(this.redis, __dirname, 'pool-season-write-if-newer', 1);
  }

  /** The player's ratings in every pool they have one in, or null when the mirror does not hold the complete set. */
  async playerRatings(playerId: string): Promise<StoredPoolRating[] | null> {
    const hash = await this.redis.hgetall(keys.poolRatings(playerId));
    if (hash['*'] !== '1') return null;
    return Object.entries(hash)
      .filter(([field]) => field !== '*' && !field.startsWith('v:'))
      .map(([, json]) => fromCached(playerId, JSON.parse(json) as CachedRating))
      .sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0));
  }

  /** Stores a player's complete set of pool ratings, as read from MongoDB. */
  fillPlayer(playerId: string, ratings: readonly StoredPoolRating[]): Promise<void> {
    return this.write(playerId, ratings, true);
  }

  /** Stores ratings just committed (any players). */
  async put(ratings: readonly StoredPoolRating[]): Promise<void> {
    const byPlayer = new Map<string, StoredPoolRating[]>();
    for (const r of ratings) byPlayer.set(r.playerId, [...(byPlayer.get(r.playerId) ?? []), r]);
    await Promise.all([...byPlayer].map(([playerId, list]) => this.write(playerId, list, false)));
  }

  async season(pool: string): Promise<number | null> {
    const value = await this.redis.get(keys.poolSeason(pool));
    return value === null ? null : Number(value);
  }

  async putSeason(pool: string, season: number): Promise<void> {
    await callLua(this.redis, 'pool-season-write-if-newer', [keys.poolSeason(pool)], [season, SEASON_TTL_SECONDS]);
  }

  private async write(playerId: string, ratings: readonly StoredPoolRating[], complete: boolean): Promise<void> {
    const args: (string | number)[] = [complete ? '1' : '0', PLAYER_POOLS_TTL_SECONDS];
    for (const r of ratings) args.push(r.pool, r.season * 1e7 + r.state.gamesPlayed, JSON.stringify(toCached(r)));
    await callLua(this.redis, 'pool-rating-write-if-newer', [keys.poolRatings(playerId)], args);
  }
}

function toCached(r: StoredPoolRating): CachedRating {
  return { pool: r.pool, state: { ...r.state, ratedAt: r.state.ratedAt ? r.state.ratedAt.toISOString() : null }, season: r.season, wins: r.wins };
}

function fromCached(playerId: string, c: CachedRating): StoredPoolRating {
  return { pool: c.pool, playerId, state: { ...c.state, ratedAt: c.state.ratedAt ? new Date(c.state.ratedAt) : null }, season: c.season, wins: c.wins };
}
