import { maxWeightMatching } from './blossom';

/** One player of a replayed trace: rating and the time span (epoch ms) during which they could be matched. */
export interface TracePlayer {
  rating: number;
  from: number;
  to: number;
}

export interface OfflineOptimum {
  /** Index pairs into the input, lower index first. */
  pairs: [number, number][];
  totalGap: number;
  /** Rating gap of each pair, in the order of `pairs`. */
  gaps: number[];
  unmatched: number;
}

/** Gaps are compared in thousandths of a rating point (the blossom needs integer weights). */
const GAP_SCALE = 1000;

/**
 * The best any matchmaker could have done with perfect hindsight: pair as many players as possible, two players only
 * when their spans overlap, and among those pairings take the smallest total rating gap (a minimum-weight
 * maximum-cardinality matching, solved exactly with the blossom algorithm). `allowed` optionally restricts the pairs
 * further (e.g. to those inside both rating windows at the latest moment both could be paired).
 *
 * Players whose spans cannot overlap are independent, so the trace is cut into groups of chained overlapping spans
 * and each group solved on its own (O(k³) each).
 */
export function offlineOptimum(players: readonly TracePlayer[], allowed?: (a: TracePlayer, b: TracePlayer) => boolean): OfflineOptimum {
  const order = players.map((_, i) => i).sort((x, y) => players[x].from - players[y].from || x - y);
  const pairs: [number, number][] = [];
  const gaps: number[] = [];
  let totalGap = 0;
  let start = 0;
  while (start < order.length) {
    // A group ends where no later span starts before every earlier span has ended.
    let end = start + 1;
    let reach = players[order[start]].to;
    while (end < order.length && players[order[end]].from <= reach) {
      reach = Math.max(reach, players[order[end]].to);
      end++;
    }
    const group = order.slice(start, end);
    for (const [x, y] of solveGroup(players, group, allowed)) {
      const gap = Math.abs(players[x].rating - players[y].rating);
      pairs.push(x < y ? [x, y] : [y, x]);
      gaps.push(gap);
      totalGap += gap;
    }
    start = end;
  }
  return { pairs, totalGap, gaps, unmatched: players.length - 2 * pairs.length };
}

function solveGroup(players: readonly TracePlayer[], group: number[], allowed?: (a: TracePlayer, b: TracePlayer) => boolean): [number, number][] {
  if (group.length < 2) return [];
  const a: number[] = [];
  const b: number[] = [];
  const units: number[] = [];
  // Sorted by start: j's span overlaps i's iff j starts before i ends.
  for (let x = 0; x < group.length; x++) {
    const i = players[group[x]];
    for (let y = x + 1; y < group.length; y++) {
      const j = players[group[y]];
      if (j.from > i.to) break;
      if (allowed && !allowed(i, j)) continue;
      a.push(x);
      b.push(y);
      units.push(Math.round(Math.abs(i.rating - j.rating) * GAP_SCALE));
    }
  }
  const maxUnits = units.reduce((m, u) => Math.max(m, u), 0);
  const mate = maxWeightMatching(
    group.length,
    a,
    b,
    units.map((u) => maxUnits + 1 - u),
    true,
  );
  const out: [number, number][] = [];
  for (let x = 0; x < group.length; x++) if (mate[x] > x) out.push([group[x], group[mate[x]]]);
  return out;
}
