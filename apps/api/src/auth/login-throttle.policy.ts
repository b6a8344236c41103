/** Pure decision for login throttling, from the verdicts of the per-username and per-client counters. */
export type ThrottleScope = 'user' | 'client';

export interface CounterVerdict {
  /**
   * reserved: the counter had room and holds a slot for this attempt; blocked: it is at its failure limit;
   * busy: below the limit, but attempts in flight hold the remaining slots (wait for them, never refuse for them).
   */
  verdict: 'reserved' | 'blocked' | 'busy';
  failures: number;
  /** Seconds until the counter's window ends. */
  ttlSeconds: number;
}

export type ThrottleDecision =
  | { outcome: 'allowed' }
  | {
      /** No counter blocks, but one is full of attempts in flight: give back what was reserved and try again shortly. */
      outcome: 'wait';
      release: ThrottleScope[];
    }
  | {
      outcome: 'blocked';
      /** Counters at their failure limit. */
      blockedBy: ThrottleScope[];
      /** When an attempt can pass again: once every blocking counter's window has ended. */
      retryAfterSeconds: number;
      /** Counters that reserved a slot for this request and must give it back (a blocked attempt is no failure). */
      release: ThrottleScope[];
    };

export function decideLoginAttempt(verdicts: Record<ThrottleScope, CounterVerdict>): ThrottleDecision {
  const scopes = Object.keys(verdicts) as ThrottleScope[];
  const release = scopes.filter((scope) => verdicts[scope].verdict === 'reserved');
  const blockedBy = scopes.filter((scope) => verdicts[scope].verdict === 'blocked');
  if (blockedBy.length > 0) {
    const retryAfterSeconds = Math.max(1, ...blockedBy.map((scope) => Math.ceil(verdicts[scope].ttlSeconds)));
    return { outcome: 'blocked', blockedBy, retryAfterSeconds, release };
  }
  if (release.length < scopes.length) return { outcome: 'wait', release };
  return { outcome: 'allowed' };
}
