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
    defineLuaCommand(this.redis, __dirname, 'player-stats-fill', 1);
  }

  async write(playerId: string, stats: PlayerStats): Promise<void> {
    await this.redis.hset(keys.playerStats(playerId), toHash(stats));
  }

  /** Re-fills a missing mirror from MongoDB data; leaves an existing one alone (it may be newer than `stats`). */
  async fill(playerId: string, stats: PlayerStats): Promise<void> {
    await callLua<number>(this.redis, 'player-stats-fill', [keys.playerStats(playerId)], Object.entries(toHash(stats)).flat());
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

export function toHash(stats: PlayerStats): Record<string, string> {
  return {
    current_rating: String(stats.rating),
    games_played: String(stats.gamesPlayed),
    wins: String(stats.wins),
    losses: String(stats.losses),
    draws: String(stats.draws),
    win_rate: String(winRate(stats)),
  };
}
