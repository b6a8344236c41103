import { waitedSeconds, windowOf, WindowPolicy } from './match-window';
import { compareTickets, Ticket } from './pairing';

/** Teams per match and seats per team, as a mode configures them. */
export interface MatchShape {
  teams: number;
  teamSize: number;
}

/** A match the formation proposes: tickets per team (a party is one ticket, so it is never split). */
export interface FormedMatch {
  teams: Ticket[][];
  /** Each ticket's window at formation time, same shape as `teams`. */
  windows: number[][];
  /** Highest minus lowest team mean rating (seat-weighted: a party's rating counts once per member). */
  imbalance: number;
  /** Highest minus lowest ticket rating in the match. */
  spread: number;
}

/** Seats a ticket takes: its party size (1 for a solo player). */
export const seatsOf = (t: Ticket): number => t.size ?? 1;

/** Nearest free tickets examined around one anchor before it gives up (bounds the cost per anchor). */
const CANDIDATES_PER_ANCHOR = 48;
/** Candidates looked at past a full group, and spares kept in all: swap-ins that may balance the teams better. */
const EXTRA_CANDIDATES = 8;
const MAX_SPARES = 16;
/** Swap rounds per match (each takes the best single swap, re-split exactly). */
const REBALANCE_ROUNDS = 4;
/** Search nodes allowed for an exact balanced split; past it the best split found so far is improved by swaps. */
const SPLIT_BUDGET = 20_000;

/**
 * Forms team matches from open tickets (solo players and parties).
 *
 * - Anchors are taken oldest first. Around an anchor, free tickets are examined in order of rating distance (two
 *   pointers walking out from the anchor in rating order, skipping taken tickets through a linked list), at most
 *   CANDIDATES_PER_ANCHOR of them and never beyond the anchor's window. A candidate joins the group when it still fits
 *   the free seats and every ticket already in the group is inside its window and it inside theirs — so every ticket in
 *   a match is inside every other ticket's window, the rule of 1v1 pairing applied to all members of a match.
 * - A group that fills teams × team_size seats exactly, and whose parties can be packed into the teams, is split into
 *   teams by `balanceTeams` (smallest difference between the highest and lowest team mean). Candidates passed over,
 *   and up to EXTRA_CANDIDATES more, are spares: up to REBALANCE_ROUNDS times, a member (never the anchor) is swapped
 *   for a same-sized spare whose windows all hold when the exact split of the new group is better balanced. Taken.
 *
 * Cost: O(n log n) to order anchors, then O(CANDIDATES_PER_ANCHOR × seats) window checks per anchor, plus per match
 * the split (bounded by SPLIT_BUDGET nodes) and the rebalancing rounds (MAX_SPARES × group² checks and one split
 * each): linear in the queue size for a fixed mode, apart from the sort.
 */
export function formTeams(tickets: readonly Ticket[], now: number, shape: MatchShape, policy: WindowPolicy): FormedMatch[] {
  const seats = shape.teams * shape.teamSize;
  const n = tickets.length;
  if (n === 0) return [];
  // A Redis snapshot arrives in rating order already; re-sorting 100k objects would cost more than forming the matches.
  const order = isInRatingOrder(tickets) ? tickets : [...tickets].sort(compareTickets);
  const rating = new Float64Array(n);
  const window = new Float64Array(n);
  const size = new Int32Array(n);
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rating[i] = order[i].rating;
    window[i] = windowOf(order[i], waitedSeconds(order[i].joinedAt, now), policy);
    size[i] = seatsOf(order[i]);
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  const taken = new Uint8Array(n);
  const take = (i: number) => {
    taken[i] = 1;
    if (prev[i] >= 0) next[prev[i]] = next[i];
    if (next[i] >= 0) prev[next[i]] = prev[i];
  };
  const anchors = oldestFirst(order);

  const fitsAll = (c: number, others: readonly number[], skip: number): boolean => {
    for (const g of others) {
      if (g === skip) continue;
      const gap = Math.abs(rating[c] - rating[g]);
      if (gap > window[c] || gap > window[g]) return false;
    }
    return true;
  };

  const matches: FormedMatch[] = [];
  let group: number[] = [];
  const spares: number[] = [];
  for (let k = 0; k < n; k++) {
    const a = anchors[k];
    if (taken[a] || size[a] > shape.teamSize) continue;
    group = [a];
    spares.length = 0;
    let used = size[a];
    let left = prev[a];
    let right = next[a];
    let examined = 0;
    let extra = 0;
    for (; examined < CANDIDATES_PER_ANCHOR && extra < EXTRA_CANDIDATES && (left >= 0 || right >= 0); examined++) {
      const goLeft = right < 0 || (left >= 0 && rating[a] - rating[left] <= rating[right] - rating[a]);
      const c = goLeft ? left : right;
      if (Math.abs(rating[c] - rating[a]) > window[a]) break; // the nearer side is out of reach, so is everything further
      if (goLeft) left = prev[left];
      else right = next[right];
      if (size[c] > shape.teamSize) continue;
      if (used < seats && used + size[c] <= seats && fitsAll(c, group, -1)) {
        group.push(c);
        used += size[c];
        continue;
      }
      // Not taken into the group: kept as a possible swap-in; past a full group only a few more are looked at.
      if (spares.length < MAX_SPARES) spares.push(c);
      if (used === seats) extra++;
    }
    if (used !== seats) continue;
    let members = group.map((i) => order[i]);
    let split = balanceTeams(members, shape);
    if (!split) continue;
    // Balance among the candidates considered: swap a group member (never the anchor) for a spare of the same size
    // when every window still holds and the exact split of the new group is better balanced.
    for (let round = 0; round < REBALANCE_ROUNDS && split.imbalance > 0 && spares.length > 0; round++) {
      const swap = bestSwap(group, split, spares, order, rating, size, shape, fitsAll);
      if (!swap) break;
      const candidate = group.slice();
      candidate[swap.member] = spares[swap.spare];
      const candidateMembers = candidate.map((i) => order[i]);
      const candidateSplit = balanceTeams(candidateMembers, shape);
      if (!candidateSplit || candidateSplit.imbalance >= split.imbalance - 1e-9) break;
      spares[swap.spare] = group[swap.member];
      group = candidate;
      members = candidateMembers;
      split = candidateSplit;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const i of group) {
      take(i);
      if (rating[i] < lo) lo = rating[i];
      if (rating[i] > hi) hi = rating[i];
    }
    matches.push({
      // A group holds at most 64 tickets: finding each one's window by identity is cheaper than a map per match.
      teams: split.teams,
      windows: split.teams.map((team) => team.map((t) => window[group[members.indexOf(t)]])),
      imbalance: split.imbalance,
      spread: hi - lo,
    });
  }
  return matches;
}

/**
 * The single swap (group member at index ≥ 1 for a spare of the same size, windows mutual) that most lowers the
 * imbalance when the swapped-in ticket takes the other's seat in the current split; null when none lowers it. The
 * estimate keeps the split, so it is an upper bound of what the exact re-split of the new group achieves.
 */
function bestSwap(
  group: readonly number[],
  split: { teams: Ticket[][]; imbalance: number },
  spares: readonly number[],
  order: readonly Ticket[],
  rating: Float64Array,
  size: Int32Array,
  shape: MatchShape,
  fitsAll: (c: number, others: readonly number[], skip: number) => boolean,
): { member: number; spare: number } | null {
  const sums = split.teams.map((team) => team.reduce((s, t) => s + t.rating * seatsOf(t), 0));
  const teamOf = group.map((i) => split.teams.findIndex((team) => team.includes(order[i])));
  let best: { member: number; spare: number } | null = null;
  let bestImbalance = split.imbalance - 1e-9;
  for (let s = 0; s < spares.length; s++) {
    const x = spares[s];
    for (let m = 1; m < group.length; m++) {
      if (size[group[m]] !== size[x] || !fitsAll(x, group, group[m])) continue;
      const delta = (rating[x] - rating[group[m]]) * size[x];
      let hi = -Infinity;
      let lo = Infinity;
      for (let t = 0; t < sums.length; t++) {
        const mean = (sums[t] + (t === teamOf[m] ? delta : 0)) / shape.teamSize;
        if (mean > hi) hi = mean;
        if (mean < lo) lo = mean;
      }
      if (hi - lo < bestImbalance) {
        bestImbalance = hi - lo;
        best = { member: m, spare: s };
      }
    }
  }
  return best;
}

function isInRatingOrder(tickets: readonly Ticket[]): boolean {
  for (let i = 1; i < tickets.length; i++) if (compareTickets(tickets[i - 1], tickets[i]) > 0) return false;
  return true;
}

/**
 * Positions of `order` sorted by join time, ties by rating position (the same on every replica for one snapshot).
 * Join times relative to the oldest, times n, plus the position, sort as plain numbers: with a comparator (and
 * player-id ties) this sort was most of the cost at 100k tickets. Falls back to a comparator when the keys would not
 * be exact integers (fractional join times, or a span × n beyond 2^53).
 */
function oldestFirst(order: readonly Ticket[]): Int32Array {
  const n = order.length;
  const joined = new Float64Array(n);
  let oldest = Infinity;
  let newest = -Infinity;
  for (let i = 0; i < n; i++) {
    joined[i] = order[i].joinedAt;
    if (joined[i] < oldest) oldest = joined[i];
    if (joined[i] > newest) newest = joined[i];
  }
  const anchors = new Int32Array(n);
  if (!joined.every(Number.isInteger) || (newest - oldest + 1) * n > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) anchors[i] = i;
    return anchors.sort((x, y) => joined[x] - joined[y] || x - y);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (joined[i] - oldest) * n + i;
  keys.sort();
  for (let i = 0; i < n; i++) anchors[i] = keys[i] % n;
  return anchors;
}

/** Mean rating of a team, each ticket counted once per seat. */
export function teamMean(team: readonly Ticket[]): number {
  let sum = 0;
  let count = 0;
  for (const t of team) {
    sum += t.rating * seatsOf(t);
    count += seatsOf(t);
  }
  return count === 0 ? 0 : sum / count;
}

export function imbalanceOf(teams: readonly (readonly Ticket[])[]): number {
  const means = teams.map(teamMean);
  return Math.max(...means) - Math.min(...means);
}

/**
 * Splits tickets whose seats add up to teams × team_size into full teams, minimizing the difference between the
 * highest and lowest team mean; null when the parties cannot be packed. Depth-first search over assignments (largest
 * parties first, an empty team tried once — teams are interchangeable), pruned by capacity; exact within SPLIT_BUDGET
 * nodes (every 2v2 and 5v5 of solo players and parties is far inside it), otherwise the best split found is improved by
 * swapping equal-sized tickets between teams while that lowers the imbalance.
 */
export function balanceTeams(tickets: readonly Ticket[], shape: MatchShape): { teams: Ticket[][]; imbalance: number } | null {
  const items = [...tickets].sort((x, y) => seatsOf(y) - seatsOf(x) || y.rating - x.rating);
  const T = shape.teams;
  const free = new Array<number>(T).fill(shape.teamSize);
  const sums = new Array<number>(T).fill(0);
  const assign = new Int32Array(items.length);
  let best: Int32Array | null = null;
  let bestImbalance = Infinity;
  let nodes = 0;

  const visit = (k: number): void => {
    if (bestImbalance === 0 || nodes > SPLIT_BUDGET) return;
    nodes++;
    if (k === items.length) {
      let hi = -Infinity;
      let lo = Infinity;
      for (let t = 0; t < T; t++) {
        const mean = sums[t] / shape.teamSize;
        if (mean > hi) hi = mean;
        if (mean < lo) lo = mean;
      }
      if (hi - lo < bestImbalance) {
        bestImbalance = hi - lo;
        best = assign.slice();
      }
      return;
    }
    const size = seatsOf(items[k]);
    let triedEmpty = false;
    for (let t = 0; t < T; t++) {
      if (free[t] < size) continue;
      if (free[t] === shape.teamSize) {
        if (triedEmpty) continue;
        triedEmpty = true;
      }
      free[t] -= size;
      sums[t] += items[k].rating * size;
      assign[k] = t;
      visit(k + 1);
      free[t] += size;
      sums[t] -= items[k].rating * size;
    }
  };
  visit(0);
  let teams: Ticket[][] | null = null;
  if (best) {
    const chosen: Int32Array = best;
    teams = Array.from({ length: T }, () => []);
    items.forEach((item, k) => teams![chosen[k]].push(item));
  }
  if (nodes <= SPLIT_BUDGET) return teams ? { teams, imbalance: imbalanceOf(teams) } : null;
  // The search was cut short: start from the better of its best and a greedy split, then improve by swaps.
  const greedy = greedySplit(items, shape);
  if (greedy && (!teams || imbalanceOf(greedy) < imbalanceOf(teams))) teams = greedy;
  if (!teams) return null;
  improveBySwaps(teams);
  return { teams, imbalance: imbalanceOf(teams) };
}

/** Largest parties first, highest rating first, each into the team with the lowest rating sum that has room. */
function greedySplit(items: readonly Ticket[], shape: MatchShape): Ticket[][] | null {
  const teams: Ticket[][] = Array.from({ length: shape.teams }, () => []);
  const free = new Array<number>(shape.teams).fill(shape.teamSize);
  const sums = new Array<number>(shape.teams).fill(0);
  for (const item of items) {
    let pick = -1;
    for (let t = 0; t < shape.teams; t++) {
      if (free[t] >= seatsOf(item) && (pick < 0 || sums[t] / (shape.teamSize - free[t] || 1) < sums[pick] / (shape.teamSize - free[pick] || 1))) pick = t;
    }
    if (pick < 0) return null;
    teams[pick].push(item);
    free[pick] -= seatsOf(item);
    sums[pick] += item.rating * seatsOf(item);
  }
  return teams;
}

/** Swaps same-sized tickets between teams while a swap lowers the imbalance (a local optimum; sizes stay valid). */
function improveBySwaps(teams: Ticket[][]): void {
  let current = imbalanceOf(teams);
  for (let improved = true; improved && current > 0; ) {
    improved = false;
    for (let x = 0; x < teams.length && !improved; x++) {
      for (let y = x + 1; y < teams.length && !improved; y++) {
        for (let i = 0; i < teams[x].length && !improved; i++) {
          for (let j = 0; j < teams[y].length && !improved; j++) {
            if (seatsOf(teams[x][i]) !== seatsOf(teams[y][j])) continue;
            [teams[x][i], teams[y][j]] = [teams[y][j], teams[x][i]];
            const next = imbalanceOf(teams);
            if (next < current - 1e-9) {
              current = next;
              improved = true;
            } else [teams[x][i], teams[y][j]] = [teams[y][j], teams[x][i]];
          }
        }
      }
    }
  }
}
