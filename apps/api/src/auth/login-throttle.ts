import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { CounterVerdict, decideLoginAttempt, ThrottleDecision, ThrottleScope } from './login-throttle.policy';

export interface LoginSubject {
  username: string;
  clientIp: string;
}

/**
 * Login failure counters in Redis, per lower-cased username and per client address, each a fixed window from its
 * first failure. Each counter is its own key (own hash tag) touched by single-key scripts, so it is cluster-safe.
 * An attempt reserves a slot on both counters before the password is checked; a failed attempt keeps it.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'login-attempt-acquire', 1);
    defineLuaCommand(this.redis, __dirname, 'login-attempt-release', 1);
  }

  async acquire(subject: LoginSubject): Promise<ThrottleDecision> {
    const [user, client] = await Promise.all([this.reserve(subject, 'user'), this.reserve(subject, 'client')]);
    const decision = decideLoginAttempt({ user, client });
    if (!decision.allowed) await Promise.all(decision.release.map((scope) => this.release(subject, scope)));
    return decision;
  }

  /** A successful login clears the username's failures; the client keeps its own (one valid account must not reset it). */
  async succeeded(subject: LoginSubject): Promise<void> {
    await Promise.all([this.redis.del(key(subject, 'user')), this.release(subject, 'client')]);
  }

  /** The attempt ended without a verdict on the password (an internal error): it must not count as a failure. */
  async abandoned(subject: LoginSubject): Promise<void> {
    await Promise.all([this.release(subject, 'user'), this.release(subject, 'client')]);
  }

  private async reserve(subject: LoginSubject, scope: ThrottleScope): Promise<CounterVerdict> {
    const [allowed, count, ttl] = await callLua<[number, number, number]>(
      this.redis,
      'login-attempt-acquire',
      [key(subject, scope)],
      [this.config.auth.loginMaxFailures, this.config.auth.loginWindowSeconds],
    );
    return { allowed: allowed === 1, count, ttlSeconds: ttl };
  }

  private async release(subject: LoginSubject, scope: ThrottleScope): Promise<void> {
    await callLua<number>(this.redis, 'login-attempt-release', [key(subject, scope)], []);
  }
}

function key(subject: LoginSubject, scope: ThrottleScope): string {
  return keys.loginFailures(scope, scope === 'user' ? subject.username.toLowerCase() : subject.clientIp);
}
