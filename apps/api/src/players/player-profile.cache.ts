import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';

/** A cached copy lives at most this long, which also bounds staleness if a version bump was ever lost. */
const PROFILE_TTL_SECONDS = 600;

export interface CachedProfile<T> {
  /** The version the copy was read at; pass it back to `write` after a miss. */
  version: string;
  /** The copy, or null on a miss (none stored, or stored at an older version). */
  value: T | null;
}

/**
 * Redis copy of what a player's profile reads from MongoDB (account, newest rating changes, recent sessions), so that
 * the profile is served from Redis alone. A per-player version, bumped by every feature after it changes one of those
 * records (`changed`), decides whether the copy is current; refills are stored only at the version they started at.
 */
@Injectable()
export class PlayerProfileCache implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'player-profile-write-if-current', 2);
  }

  /** Call after a durable write that a profile shows (login time, sessions, rating history). */
  async changed(playerIds: readonly string[]): Promise<void> {
    await Promise.all(playerIds.map((id) => this.redis.incr(keys.playerProfileVersion(id))));
  }

  async read<T>(playerId: string): Promise<CachedProfile<T>> {
    // Both keys share the player's hash tag: one MGET, also on a cluster.
    const [raw, version] = await this.redis.mget(keys.playerProfile(playerId), keys.playerProfileVersion(playerId));
    const current = version ?? '0';
    if (!raw) return { version: current, value: null };
    const bar = raw.indexOf('|');
    if (raw.slice(0, bar) !== current) return { version: current, value: null };
    return { version: current, value: JSON.parse(raw.slice(bar + 1)) as T };
  }

  async write<T>(playerId: string, version: string, value: T): Promise<void> {
    await callLua(this.redis, 'player-profile-write-if-current', [keys.playerProfile(playerId), keys.playerProfileVersion(playerId)], [
      version,
      JSON.stringify(value),
      PROFILE_TTL_SECONDS,
    ]);
  }
}
