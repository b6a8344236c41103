/** How far apart two ratings may be for a match, and how that distance grows while a player waits. */
export interface WindowPolicy {
  /** Window (rating points either side) the moment a player joins. */
  baseWindow: number;
  /** Points added to the window per second of waiting. */
  windowGrowthPerSecond: number;
  /** The window never grows past this. */
  maxWindow: number;
}

/**
 * A mode's quality policy: how long a ticket is held for a better partner. Both default to 0, which pairs as soon as
 * the windows allow (the behaviour of a mode without a policy).
 */
export interface QualityPolicy {
  /** A ticket is *ripe* once it has waited this long; a pair needs a ripe ticket (or an instant gap). */
  minWaitSeconds?: number;
  /** A pair whose gap is at most this is allowed at once, ripe or not. */
  instantGap?: number;
}

/** Everything that decides whether two tickets may be paired at a given moment. */
export type MatchPolicy = WindowPolicy & QualityPolicy;

/** window(wait) = min(base + growth × wait, max); a negative wait (clock skew between replicas) counts as zero. */
export function windowFor(waitSeconds: number, policy: WindowPolicy): number {
  const wait = waitSeconds > 0 ? waitSeconds : 0;
  return Math.min(policy.baseWindow + policy.windowGrowthPerSecond * wait, policy.maxWindow);
}

/**
 * A ticket's window after `waitSeconds`: its own start (the mode's base window plus the ticket's uncertainty bonus, see
 * `uncertaintyBonus` in the ratings domain) grown like every window; a ticket without a bonus (Elo) gets `windowFor`.
 */
export function windowOf(ticket: { windowBonus?: number }, waitSeconds: number, policy: WindowPolicy): number {
  const bonus = ticket.windowBonus;
  if (!bonus) return windowFor(waitSeconds, policy);
  const wait = waitSeconds > 0 ? waitSeconds : 0;
  return Math.min(policy.baseWindow + bonus + policy.windowGrowthPerSecond * wait, policy.maxWindow);
}

/** Seconds waited at `now` by a ticket that joined at `joinedAt` (both epoch milliseconds). */
export function waitedSeconds(joinedAt: number, now: number): number {
  return now > joinedAt ? (now - joinedAt) / 1000 : 0;
}

/** A pair is allowed only when each rating lies inside the other player's window. */
export function mutuallyInside(ratingA: number, windowA: number, ratingB: number, windowB: number): boolean {
  const gap = Math.abs(ratingA - ratingB);
  return gap <= windowA && gap <= windowB;
}

/** Whether a ticket that has waited `waitSeconds` may be paired with a partner of any allowed gap. */
export function isRipe(waitSeconds: number, policy: QualityPolicy): boolean {
  return waitSeconds >= (policy.minWaitSeconds ?? 0);
}

/**
 * Whether two tickets may be paired now: each rating inside the other's window, and either ticket ripe or the gap
 * within the instant gap. Shared by the on-join path, the tick pairing (greedy and exact) and their tests.
 */
export function eligiblePair(gap: number, waitA: number, windowA: number, waitB: number, windowB: number, policy: QualityPolicy): boolean {
  if (gap > windowA || gap > windowB) return false;
  return gap <= (policy.instantGap ?? 0) || isRipe(waitA, policy) || isRipe(waitB, policy);
}

/** Rounds to two decimals, for figures in log details. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A mode's window settings and quality policy, as named in the modes file. */
export function policyOf(mode: {
  base_window: number;
  window_growth: number;
  max_window: number;
  min_wait_seconds?: number;
  instant_gap?: number;
}): MatchPolicy {
  return {
    baseWindow: mode.base_window,
    windowGrowthPerSecond: mode.window_growth,
    maxWindow: mode.max_window,
    minWaitSeconds: mode.min_wait_seconds ?? 0,
    instantGap: mode.instant_gap ?? 0,
  };
}
