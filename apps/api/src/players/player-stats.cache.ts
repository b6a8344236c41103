import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerStats, winRate } from './player.model';

export interface CachedStats {
  current_rating: number;
  games_played: number;
  wins: number;
  losses: number;
  draws: number;
  win_rate: number;
}

/** Redis mirror of a player's stats (`player:{id}:stats`); MongoDB stays the source of truth. */
@Injectable()
export class PlayerStatsCache implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'player-stats-write-if-newer', 1);
  }

  async write(playerId: string, stats: PlayerStats): Promise<void> {
    await this.redis.hset(keys.playerStats(playerId), toHash(stats));
  }

  /**
   * Mirrors durable stats unless the mirror already reflects more games, so a refill from an older MongoDB read (or
   * refreshes finishing out of order) never leaves older numbers behind.
   */
  async fill(playerId: string, stats: PlayerStats): Promise<void> {
    await callLua<number>(this.redis, 'player-stats-write-if-newer', [keys.playerStats(playerId)], [
      stats.gamesPlayed,
      ...Object.entries(toHash(stats)).flat(),
    ]);
  }

  async read(playerId: string): Promise<CachedStats | null> {
    const hash = await this.redis.hgetall(keys.playerStats(playerId));
    if (!hash.current_rating) return null;
    return {
      current_rating: Number(hash.current_rating),
      games_played: Number(hash.games_played ?? 0),
      wins: Number(hash.wins ?? 0),
      losses: Number(hash.losses ?? 0),
      draws: Number(hash.draws ?? 0),
      win_rate: Number(hash.win_rate ?? 0),
    };
  }
}

export function toCachedStats(stats: PlayerStats): CachedStats {
  return {
    current_rating: stats.rating,
    games_played: stats.gamesPlayed,
    wins: stats.wins,
    losses: stats.losses,
    draws: stats.draws,
    win_rate: winRate(stats),
  };
}

export function toHash(stats: PlayerStats): Record<string, string> {
  return Object.fromEntries(Object.entries(toCachedStats(stats)).map(([field, value]) => [field, String(value)]));
}
