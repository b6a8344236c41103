import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ChainableCommander } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { formatRefreshToken, hashRefreshSecret, newFamilyId, newRefreshToken, RefreshToken } from './refresh-token';

export interface IssuedRefreshToken {
  familyId: string;
  token: string;
}

export type RotationResult =
  | { status: 'rotated'; playerId: string; familyId: string; token: string; generation: number }
  | { status: 'reused'; playerId: string; generation: number }
  | { status: 'unknown' };

/**
 * Rotated-out secrets a family remembers (as digests), so that replaying one of them is told apart from a guess. The
 * replay that matters, the owner's token after a thief rotated it first (or the reverse), is of the newest few.
 */
const REMEMBERED_SECRETS = 32;

/**
 * Refresh-token families in Redis: one hash per login (`auth:refresh:{family}`) holding the player, the digest of the
 * one currently valid secret, the digests of the last rotated-out ones and a generation counter. Every key of a family shares its hash tag, so rotation and
 * revocation are single-slot and atomic on Redis Cluster.
 */
@Injectable()
export class RefreshTokenStore implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'refresh-token-rotate', 2);
  }

  /** Starts a new family (one per login) and returns its first token. */
  async start(playerId: string): Promise<IssuedRefreshToken> {
    const token = newRefreshToken(newFamilyId());
    const key = keys.refreshFamily(token.familyId);
    await execAll(
      this.redis
        .multi()
        .hset(key, { player_id: playerId, hash: hashRefreshSecret(token.secret), generation: 1, created_at: Date.now() })
        .expire(key, this.config.jwt.refreshTtlSeconds),
    );
    return { familyId: token.familyId, token: formatRefreshToken(token) };
  }

  /**
   * Atomically swaps the presented token for a new one; of concurrent calls with one token, exactly one rotates.
   * `reused` (the family is revoked) only for a secret the family issued and rotated out; any other secret is `unknown`.
   */
  async rotate(presented: RefreshToken): Promise<RotationResult> {
    const next = newRefreshToken(presented.familyId);
    const [status, playerId, generation] = await callLua<[string, string, number]>(
      this.redis,
      'refresh-token-rotate',
      [keys.refreshFamily(presented.familyId), keys.refreshFamilyRevoked(presented.familyId)],
      [
        hashRefreshSecret(presented.secret),
        hashRefreshSecret(next.secret),
        this.config.jwt.refreshTtlSeconds,
        this.config.jwt.accessTtlSeconds,
        REMEMBERED_SECRETS,
      ],
    );
    if (status === 'rotated') return { status, playerId, familyId: presented.familyId, token: formatRefreshToken(next), generation };
    if (status === 'reused') return { status, playerId, generation };
    return { status: 'unknown' };
  }

  /** Ends a family: its refresh token stops working, and so do the access tokens issued with it (see AccessTokenVerifier). */
  async revoke(familyId: string): Promise<void> {
    await execAll(
      this.redis
        .multi()
        .del(keys.refreshFamily(familyId))
        .set(keys.refreshFamilyRevoked(familyId), '1', 'EX', this.config.jwt.accessTtlSeconds),
    );
  }

  async isRevoked(familyId: string): Promise<boolean> {
    return (await this.redis.exists(keys.refreshFamilyRevoked(familyId))) === 1;
  }
}

/** Runs a single-slot MULTI (all keys share the family's hash tag) and surfaces any command's error. */
async function execAll(multi: ChainableCommander): Promise<void> {
  const results = await multi.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('Redis transaction was discarded');
}
