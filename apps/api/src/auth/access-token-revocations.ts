import { Inject, Injectable } from '@nestjs/common';
import { keys, REDIS, RedisClient } from '@libs/redis';

/** Deny-list of access-token ids, each kept only until the token would have expired anyway. */
@Injectable()
export class AccessTokenRevocations {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async revoke(jti: string, expiresAtEpochSeconds: number): Promise<void> {
    const ttl = Math.max(1, expiresAtEpochSeconds - Math.floor(Date.now() / 1000));
    await this.redis.set(keys.revokedAccessToken(jti), '1', 'EX', ttl);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.redis.exists(keys.revokedAccessToken(jti))) === 1;
  }
}
