import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';

export type RegistrationDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Registrations per client address (REGISTER_MAX_PER_CLIENT per REGISTER_WINDOW_SECONDS). Every attempt counts, taken
 * or not, so neither alt accounts nor probing for taken names come free. One key per address: cluster-safe.
 * While Redis is unreachable the limit is not enforced (logged): registration itself needs only MongoDB, and an outage
 * of the hot store must not stop new players from signing up.
 */
@Injectable()
export class RegistrationThrottle implements OnModuleInit {
  private readonly log: ServiceLogger;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('auth');
  }

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'registration-attempt', 1);
  }

  async acquire(clientIp: string): Promise<RegistrationDecision> {
    let allowed: number;
    let ttl: number;
    try {
      [allowed, ttl] = await callLua<[number, number]>(
        this.redis,
        'registration-attempt',
        [keys.registrations(clientIp)],
        [this.config.auth.registerMaxPerClient, this.config.auth.registerWindowSeconds],
      );
    } catch (error) {
      this.log.warn('registration_throttle_unavailable', { details: { error } });
      return { allowed: true };
    }
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, ttl) };
  }
}
