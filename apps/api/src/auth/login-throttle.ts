import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { CounterVerdict, decideLoginAttempt, ThrottleScope } from './login-throttle.policy';

export interface LoginSubject {
  username: string;
  clientIp: string;
}

export type LoginAdmission =
  | { allowed: true; token: string }
  | { allowed: false; blockedBy: ThrottleScope[]; retryAfterSeconds: number; reason: 'failures' | 'busy' };

/** A reservation lapses on its own after this long (a replica that died mid-attempt never gives it back). */
const RESERVATION_MS = 30_000;
/** How long an attempt waits for slots held by attempts in flight before it gives up with 429 (Retry-After 1). */
const MAX_WAIT_MS = 10_000;
const POLL_MS = 25;

/**
 * Login attempt counters in Redis, per lower-cased username (limit LOGIN_MAX_FAILURES) and per client address (limit
 * LOGIN_MAX_FAILURES_PER_CLIENT), each a fixed window from its first failure. Only failures count: an attempt reserves
 * a slot before the password is checked and a failure keeps it, so concurrent guesses never pass the limit, while
 * successful attempts give it back. Each counter is its own key (own hash tag), so every script is cluster-safe.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'login-attempt-acquire', 1);
    defineLuaCommand(this.redis, __dirname, 'login-attempt-finish', 1);
  }

  /** Admits the attempt (holding a slot on both counters) or says which counter is over its failure limit. */
  async acquire(subject: LoginSubject): Promise<LoginAdmission> {
    const token = randomUUID();
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const [user, client] = await Promise.all([this.reserve(subject, 'user', token), this.reserve(subject, 'client', token)]);
      const decision = decideLoginAttempt({ user, client });
      if (decision.outcome === 'allowed') return { allowed: true, token };
      await Promise.all(decision.release.map((scope) => this.finish(subject, scope, token, 'abandoned')));
      if (decision.outcome === 'blocked') return { allowed: false, blockedBy: decision.blockedBy, retryAfterSeconds: decision.retryAfterSeconds, reason: 'failures' };
      if (Date.now() >= deadline) {
        const busy = (['user', 'client'] as const).filter((scope) => ({ user, client })[scope].verdict === 'busy');
        return { allowed: false, blockedBy: busy, retryAfterSeconds: 1, reason: 'busy' };
      }
      // Jitter keeps waiters from retrying in lock-step.
      await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
    }
  }

  async failed(subject: LoginSubject, token: string): Promise<void> {
    await Promise.all([this.finish(subject, 'user', token, 'failed'), this.finish(subject, 'client', token, 'failed')]);
  }

  /** A success clears the username's failures; the client keeps its own (one valid account must not reset it). */
  async succeeded(subject: LoginSubject, token: string): Promise<void> {
    await Promise.all([this.finish(subject, 'user', token, 'succeeded'), this.finish(subject, 'client', token, 'succeeded')]);
  }

  /** The attempt ended without a verdict on the password (an internal error): it must not count as a failure. */
  async abandoned(subject: LoginSubject, token: string): Promise<void> {
    await Promise.all([this.finish(subject, 'user', token, 'abandoned'), this.finish(subject, 'client', token, 'abandoned')]);
  }

  private async reserve(subject: LoginSubject, scope: ThrottleScope, token: string): Promise<CounterVerdict> {
    const limit = scope === 'user' ? this.config.auth.loginMaxFailures : this.config.auth.loginMaxFailuresPerClient;
    const [verdict, failures, ttl] = await callLua<[number, number, number]>(
      this.redis,
      'login-attempt-acquire',
      [key(subject, scope)],
      [limit, this.config.auth.loginWindowSeconds, token, Date.now(), RESERVATION_MS],
    );
    return { verdict: verdict === 1 ? 'reserved' : verdict === 0 ? 'blocked' : 'busy', failures, ttlSeconds: ttl };
  }

  private async finish(subject: LoginSubject, scope: ThrottleScope, token: string, outcome: 'failed' | 'succeeded' | 'abandoned'): Promise<void> {
    await callLua<number>(this.redis, 'login-attempt-finish', [key(subject, scope)], [token, outcome, this.config.auth.loginWindowSeconds, scope === 'user' ? '1' : '0']);
  }
}

function key(subject: LoginSubject, scope: ThrottleScope): string {
  return keys.loginAttempts(scope, scope === 'user' ? subject.username.toLowerCase() : subject.clientIp);
}
