import { maxWeightMatching } from './blossom';
import { eligiblePair, MatchPolicy, waitedSeconds, windowOf } from './match-window';
import { compareTickets, Pair, pairTickets, Ticket } from './pairing';

/**
 * Largest component (tickets linked by eligible pairs) solved exactly; above it, and once the exact budget of a tick
 * is spent, components are paired greedily. Chosen so a worst-case (all-eligible) component solves within 100 ms on a
 * busy shared core — measured by `npm run bench:quality`, figures in docs/matchmaking.md.
 */
export const EXACT_COMPONENT_LIMIT = 150;
/** Eligible pairs listed per tick before giving up on exactness for the whole tick (bounds time and memory). */
export const EXACT_EDGE_LIMIT = 40_000;
/** Gaps are compared in thousandths of a rating point (the blossom needs integer weights). */
const GAP_SCALE = 1000;

export interface ExactPairingOptions {
  componentLimit?: number;
  edgeLimit?: number;
}

export interface ExactPairingResult {
  pairs: Pair[];
  /** Tickets in components solved exactly, and in components (or a whole tick) paired greedily. */
  exactTickets: number;
  greedyTickets: number;
}

/**
 * Pairs the open tickets of a mode so that as many tickets as possible are paired and, among all such pairings, the
 * total rating gap is the smallest: a minimum-weight maximum-cardinality matching over the eligible pairs (both
 * windows, and the quality policy — see `eligiblePair`), computed exactly with Edmonds' blossom algorithm.
 *
 * Why not something cheaper: without windows, sorted neighbours pair optimally (uncrossing), but windows break that —
 * (0, w 100) (50, w 10) (60, w 10) (100, w 100) can only pair as 0–100 and 50–60 — so the general algorithm is used.
 *
 * Cost: listing eligible pairs is O(n log n + m) (sorted scan, each ticket up to its own window); the graph splits
 * into connected components (union-find), and each is solved in O(k³) for k tickets. Components above
 * `componentLimit`, those beyond a per-tick budget of one `componentLimit`-sized solve (Σk³ ≤ limit³), and ticks with
 * more than `edgeLimit` eligible pairs fall back to the greedy `pairTickets` (smallest gap first, maximal).
 */
export function pairTicketsExact(
  tickets: readonly Ticket[],
  now: number,
  policy: MatchPolicy,
  options: ExactPairingOptions = {},
): ExactPairingResult {
  const componentLimit = options.componentLimit ?? EXACT_COMPONENT_LIMIT;
  const edgeLimit = options.edgeLimit ?? EXACT_EDGE_LIMIT;
  const n = tickets.length;
  if (n < 2) return { pairs: [], exactTickets: 0, greedyTickets: 0 };
  const order = [...tickets].sort(compareTickets);
  const wait = new Float64Array(n);
  const window = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    wait[i] = waitedSeconds(order[i].joinedAt, now);
    window[i] = windowOf(order[i], wait[i], policy);
  }

  // Eligible pairs (i < j in rating order): j runs right while inside i's own window.
  const from: number[] = [];
  const to: number[] = [];
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gap = order[j].rating - order[i].rating;
      if (gap > window[i]) break;
      if (!eligiblePair(gap, wait[i], window[i], wait[j], window[j], policy)) continue;
      if (from.length === edgeLimit) return greedyOnly(order, now, policy);
      from.push(i);
      to.push(j);
      const ri = find(i);
      const rj = find(j);
      if (ri !== rj) parent[ri] = rj;
    }
  }
  if (from.length === 0) return { pairs: [], exactTickets: 0, greedyTickets: 0 };

  // Components: tickets with at least one eligible pair (in rating order) and their pairs.
  const touched = new Uint8Array(n);
  for (let k = 0; k < from.length; k++) touched[from[k]] = touched[to[k]] = 1;
  const componentOfRoot = new Int32Array(n).fill(-1);
  const localIndex = new Int32Array(n);
  const members: number[][] = [];
  const edgesOf: number[][] = [];
  for (let v = 0; v < n; v++) {
    if (!touched[v]) continue;
    const root = find(v);
    if (componentOfRoot[root] === -1) {
      componentOfRoot[root] = members.length;
      members.push([]);
      edgesOf.push([]);
    }
    const list = members[componentOfRoot[root]];
    localIndex[v] = list.length;
    list.push(v);
  }
  for (let k = 0; k < from.length; k++) edgesOf[componentOfRoot[find(from[k])]].push(k);

  const pairs: Pair[] = [];
  let budget = componentLimit ** 3;
  let exactTickets = 0;
  let greedyTickets = 0;
  for (let c = 0; c < members.length; c++) {
    const vertices = members[c];
    const k = vertices.length;
    if (k > componentLimit || k ** 3 > budget) {
      greedyTickets += k;
      pairs.push(...pairTickets(vertices.map((v) => order[v]), now, policy));
      continue;
    }
    budget -= k ** 3;
    exactTickets += k;
    const edges = edgesOf[c];
    const a = new Int32Array(edges.length);
    const b = new Int32Array(edges.length);
    const units = new Float64Array(edges.length);
    let maxUnits = 0;
    edges.forEach((e, x) => {
      a[x] = localIndex[from[e]];
      b[x] = localIndex[to[e]];
      units[x] = Math.round((order[to[e]].rating - order[from[e]].rating) * GAP_SCALE);
      if (units[x] > maxUnits) maxUnits = units[x];
    });
    // Maximum cardinality first; then the largest Σ(C − gap), i.e. the smallest total gap.
    const weights = units.map((u) => maxUnits + 1 - u);
    const mate = maxWeightMatching(k, a, b, weights, true);
    for (let x = 0; x < k; x++) {
      const y = mate[x];
      if (y <= x) continue;
      const i = vertices[x];
      const j = vertices[y];
      pairs.push({ a: order[i], b: order[j], gap: order[j].rating - order[i].rating, windowA: window[i], windowB: window[j] });
    }
  }
  return { pairs, exactTickets, greedyTickets };
}

function greedyOnly(order: Ticket[], now: number, policy: MatchPolicy): ExactPairingResult {
  return { pairs: pairTickets(order, now, policy), exactTickets: 0, greedyTickets: order.length };
}
