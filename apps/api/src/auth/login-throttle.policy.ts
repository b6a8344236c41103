/** Pure decision for login throttling, from the verdicts of the per-username and per-client counters. */
export type ThrottleScope = 'user' | 'client';

export interface CounterVerdict {
  /** Whether the counter had room and reserved an attempt. */
  allowed: boolean;
  count: number;
  /** Seconds until the counter's window ends. */
  ttlSeconds: number;
}

export type ThrottleDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Counters at their limit. */
      blockedBy: ThrottleScope[];
      /** When an attempt can pass again: once every blocking counter's window has ended. */
      retryAfterSeconds: number;
      /** Counters that reserved an attempt for this request and must give it back (a blocked attempt is no failure). */
      release: ThrottleScope[];
    };

export function decideLoginAttempt(verdicts: Record<ThrottleScope, CounterVerdict>): ThrottleDecision {
  const scopes = Object.keys(verdicts) as ThrottleScope[];
  const blockedBy = scopes.filter((scope) => !verdicts[scope].allowed);
  if (blockedBy.length === 0) return { allowed: true };
  const retryAfterSeconds = Math.max(1, ...blockedBy.map((scope) => Math.ceil(verdicts[scope].ttlSeconds)));
  return { allowed: false, blockedBy, retryAfterSeconds, release: scopes.filter((scope) => verdicts[scope].allowed) };
}
