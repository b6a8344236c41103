/** How far apart two ratings may be for a match, and how that distance grows while a player waits. */
export interface WindowPolicy {
  /** Window (rating points either side) the moment a player joins. */
  baseWindow: number;
  /** Points added to the window per second of waiting. */
  windowGrowthPerSecond: number;
  /** The window never grows past this. */
  maxWindow: number;
}

/** window(wait) = min(base + growth × wait, max); a negative wait (clock skew between replicas) counts as zero. */
export function windowFor(waitSeconds: number, policy: WindowPolicy): number {
  const wait = waitSeconds > 0 ? waitSeconds : 0;
  return Math.min(policy.baseWindow + policy.windowGrowthPerSecond * wait, policy.maxWindow);
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

/** Rounds to two decimals, for figures in log details. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A mode's window settings, as named in the modes file. */
export function policyOf(mode: { base_window: number; window_growth: number; max_window: number }): WindowPolicy {
  return { baseWindow: mode.base_window, windowGrowthPerSecond: mode.window_growth, maxWindow: mode.max_window };
}
