import { MatchPolicy } from './match-window';

/** A measured wait: how long a matched player of this rating waited. */
export interface WaitSample {
  rating: number;
  waitSeconds: number;
}

export interface WaitEstimateInput {
  rating: number;
  /** How long the player has waited so far (0 when estimating at join). */
  waitedSeconds: number;
  /** Recent measured waits in this mode, any rating; only those within the max window of `rating` are used. */
  recentWaits: readonly WaitSample[];
  /** The player's window bonus (points above the mode's base window; see `windowOf`); absent for none. */
  windowBonus?: number;
  /** The nearest other open tickets in this mode (a few on each side is enough), each with its window bonus. */
  neighbours: readonly { rating: number; waitedSeconds: number; windowBonus?: number }[];
  policy: MatchPolicy;
  /** Matchmaker interval in seconds: a reachable partner is paired at the next tick. */
  tickSeconds: number;
}

/** Fewer measured waits than this near a rating are treated as no history. */
export const MIN_WAIT_SAMPLES = 5;

/**
 * Remaining wait in whole seconds, from two sources:
 *
 * - live queue: for each nearby ticket, the time until both windows cover the gap, i.e.
 *   max(0, (gap − base) / growth − min(own wait, their wait)) — the newer of the two is the one whose window binds;
 *   with window bonuses, each ticket's (gap − base − bonus) / growth − wait, the later of the two — and, under a quality policy, until one of the two is ripe: max(0, min_wait − max(own wait, their wait)), unless the
 *   gap is within the instant gap;
 * - history: the median of recent measured waits within the max window of the rating, minus the time already waited.
 *
 * A match comes from whichever happens first — a known neighbour becoming reachable, or an arrival like the ones that
 * ended recent waits — so the estimate is the smaller of the two; with neither, it is the time until the player's
 * window is fully open (and the player ripe). One matchmaker tick is added on top.
 */
export function estimateWaitSeconds(input: WaitEstimateInput): number {
  const live = liveEstimate(input);
  const history = historyEstimate(input);
  let seconds: number;
  if (live !== null && history !== null) seconds = Math.min(live, history);
  else if (live !== null) seconds = live;
  else if (history !== null) seconds = history;
  else seconds = untilFullyOpen(input);
  return Math.max(1, Math.ceil(seconds + input.tickSeconds));
}

function liveEstimate({ rating, waitedSeconds, windowBonus = 0, neighbours, policy }: WaitEstimateInput): number | null {
  let best: number | null = null;
  for (const other of neighbours) {
    const gap = Math.abs(other.rating - rating);
    if (gap > policy.maxWindow) continue;
    // Points each window still lacks at its start: the newer ticket's window binds, or the one with the smaller bonus.
    const ownShort = gap - policy.baseWindow - windowBonus;
    const otherShort = gap - policy.baseWindow - (other.windowBonus ?? 0);
    let seconds: number;
    if (ownShort <= 0 && otherShort <= 0) seconds = 0;
    else if (policy.windowGrowthPerSecond <= 0) continue;
    else {
      const growth = policy.windowGrowthPerSecond;
      seconds = Math.max(0, ownShort / growth - waitedSeconds, otherShort / growth - other.waitedSeconds);
    }
    if (gap > (policy.instantGap ?? 0)) seconds = Math.max(seconds, untilRipe(policy, Math.max(waitedSeconds, other.waitedSeconds)));
    if (best === null || seconds < best) best = seconds;
  }
  return best;
}

function historyEstimate({ rating, waitedSeconds, recentWaits, policy }: WaitEstimateInput): number | null {
  const near = recentWaits.filter((s) => Math.abs(s.rating - rating) <= policy.maxWindow).map((s) => s.waitSeconds);
  if (near.length < MIN_WAIT_SAMPLES) return null;
  return Math.max(0, median(near) - waitedSeconds);
}

function untilFullyOpen({ waitedSeconds, windowBonus = 0, policy }: WaitEstimateInput): number {
  const ripe = untilRipe(policy, waitedSeconds);
  if (policy.windowGrowthPerSecond <= 0) return ripe;
  return Math.max(ripe, (policy.maxWindow - policy.baseWindow - windowBonus) / policy.windowGrowthPerSecond - waitedSeconds);
}

/** Seconds until a ticket that has waited `waited` is past the mode's hold (0 without a quality policy). */
export function untilRipe(policy: MatchPolicy, waited: number): number {
  return Math.max(0, (policy.minWaitSeconds ?? 0) - waited);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
