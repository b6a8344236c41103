import { eligiblePair, isRipe, MatchPolicy, waitedSeconds, windowOf } from './match-window';

/** One player waiting in a queue. */
export interface Ticket {
  playerId: string;
  rating: number;
  /** Epoch milliseconds. */
  joinedAt: number;
  /** Seats the ticket takes (a party's size); absent for a solo player. `playerId` is then the party's id. */
  size?: number;
  /** Points this ticket's window starts above the mode's base window (its players' uncertainty); absent for none. */
  windowBonus?: number;
}

export interface Pair {
  a: Ticket;
  b: Ticket;
  /** |rating a − rating b|. */
  gap: number;
  windowA: number;
  windowB: number;
}

/**
 * Rating order used by the pairing; equal ratings are ordered by player id — the order a Redis sorted set keeps — so
 * a snapshot read from Redis needs no re-sorting and results are deterministic.
 */
export function compareTickets(x: Ticket, y: Ticket): number {
  return x.rating - y.rating || (x.playerId < y.playerId ? -1 : x.playerId > y.playerId ? 1 : 0);
}

/**
 * Pairs waiting players, smallest rating gap first.
 *
 * A pair (x, y) is allowed when |r(x) − r(y)| ≤ min(window(x), window(y)), the windows taken at `now`. The result is
 * exactly what the textbook greedy gives — sort every allowed pair by (gap, rating-order position of the lower
 * player) and take each whose players are both still free — and is therefore *maximal*: no two players left unpaired
 * could be paired with each other. The greedy is computed in O(n log n) without listing the O(n²) allowed pairs:
 *
 * - In rating order, the best allowed partner of x on its right is the first live y after x whose window reaches
 *   back to x, i.e. r(y) − window(y) ≤ r(x) — provided the gap also fits x's own window. A min-segment-tree over
 *   r(y) − window(y) finds that y in O(log n); a paired player's entry becomes +∞.
 * - A heap holds each live player's best right-hand pair. The heap minimum is the globally smallest allowed gap;
 *   an entry whose right-hand player has since been paired is refreshed when it surfaces (gaps only grow, so the
 *   lazy refresh never skips a better pair).
 * - Players whose heap entry points at the same partner are more than `base` apart (else the left one's best
 *   partner would be the right one) and all inside that partner's window, so a pairing invalidates at most
 *   max/base + 1 entries: refreshes are O(n · max/base), i.e. O(n log n) overall for a fixed configuration with
 *   base > 0. (With base = 0 the bound degrades on adversarial inputs; it stays correct.)
 *
 * With a quality policy (`minWaitSeconds` > 0) only *eligible* pairs count: one of the two is ripe, or the gap is
 * within `instantGap`. In rating order the first allowed partner y of x is still found as above; when neither is ripe
 * and the gap is above the instant gap, every later partner is further away than the instant gap too, so x's best
 * eligible partner is the first *ripe* y that reaches back to x — a second tree over ripe tickets only finds it.
 */
export function pairTickets(tickets: readonly Ticket[], now: number, policy: MatchPolicy): Pair[] {
  const n = tickets.length;
  if (n < 2) return [];
  const order = isSorted(tickets) ? tickets : [...tickets].sort(compareTickets);
  const rating = new Float64Array(n);
  const window = new Float64Array(n);
  const ripe = new Uint8Array(n);
  let allRipe = true;
  for (let i = 0; i < n; i++) {
    const waited = waitedSeconds(order[i].joinedAt, now);
    rating[i] = order[i].rating;
    window[i] = windowOf(order[i], waited, policy);
    ripe[i] = isRipe(waited, policy) ? 1 : 0;
    if (!ripe[i]) allRipe = false;
  }
  const instantGap = policy.instantGap ?? 0;

  const reach = new MinReachTree(n);
  for (let i = 0; i < n; i++) reach.set(i, rating[i] - window[i]);
  reach.build();
  // Over ripe tickets only; the same tree when every ticket is ripe (no policy).
  let ripeReach = reach;
  if (!allRipe) {
    ripeReach = new MinReachTree(n);
    for (let i = 0; i < n; i++) if (ripe[i]) ripeReach.set(i, rating[i] - window[i]);
    ripeReach.build();
  }

  const heap = new EdgeHeap(n);
  const offerBestRight = (i: number): void => {
    let j = reach.firstAtMost(i + 1, rating[i]);
    // No right-hand partner now means none ever: partners only disappear.
    if (j < 0 || rating[j] - rating[i] > window[i]) return;
    if (!ripe[i] && !ripe[j] && rating[j] - rating[i] > instantGap) {
      j = ripeReach.firstAtMost(i + 1, rating[i]);
      if (j < 0 || rating[j] - rating[i] > window[i]) return;
    }
    heap.push(rating[j] - rating[i], i, j);
  };
  for (let i = 0; i < n - 1; i++) offerBestRight(i);

  const free = new Uint8Array(n).fill(1);
  const pairs: Pair[] = [];
  while (heap.size > 0) {
    const { gap, i, j } = heap.pop();
    if (!free[i]) continue;
    if (!free[j]) {
      offerBestRight(i);
      continue;
    }
    free[i] = 0;
    free[j] = 0;
    reach.kill(i);
    reach.kill(j);
    if (ripeReach !== reach) {
      ripeReach.kill(i);
      ripeReach.kill(j);
    }
    pairs.push({ a: order[i], b: order[j], gap, windowA: window[i], windowB: window[j] });
  }
  return pairs;
}

/**
 * The best partner for one player among candidates: an eligible pair (both windows, and the quality policy), smallest
 * gap, then the longest-waiting candidate. Used on join, where only the player's rating neighbours need to be looked at.
 */
export function bestPartner(self: Ticket, candidates: readonly Ticket[], now: number, policy: MatchPolicy): Pair | null {
  const ownWait = waitedSeconds(self.joinedAt, now);
  const ownWindow = windowOf(self, ownWait, policy);
  let best: Pair | null = null;
  for (const candidate of candidates) {
    if (candidate.playerId === self.playerId) continue;
    const gap = Math.abs(candidate.rating - self.rating);
    if (gap > ownWindow) continue;
    const wait = waitedSeconds(candidate.joinedAt, now);
    const window = windowOf(candidate, wait, policy);
    if (!eligiblePair(gap, ownWait, ownWindow, wait, window, policy)) continue;
    if (!best || gap < best.gap || (gap === best.gap && compareWaitThenId(candidate, best.b) < 0)) {
      best = { a: self, b: candidate, gap, windowA: ownWindow, windowB: window };
    }
  }
  return best;
}

function compareWaitThenId(x: Ticket, y: Ticket): number {
  return x.joinedAt - y.joinedAt || (x.playerId < y.playerId ? -1 : x.playerId > y.playerId ? 1 : 0);
}

function isSorted(tickets: readonly Ticket[]): boolean {
  for (let i = 1; i < tickets.length; i++) if (compareTickets(tickets[i - 1], tickets[i]) > 0) return false;
  return true;
}

/** Segment tree of minima over positions; answers "first position ≥ from whose value is ≤ x" in O(log n). */
class MinReachTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(n: number) {
    let size = 1;
    while (size < n) size <<= 1;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(Infinity);
  }

  set(position: number, value: number): void {
    this.tree[this.size + position] = value;
  }

  build(): void {
    for (let node = this.size - 1; node >= 1; node--) this.tree[node] = Math.min(this.tree[2 * node], this.tree[2 * node + 1]);
  }

  kill(position: number): void {
    let node = this.size + position;
    this.tree[node] = Infinity;
    for (node >>= 1; node >= 1; node >>= 1) this.tree[node] = Math.min(this.tree[2 * node], this.tree[2 * node + 1]);
  }

  firstAtMost(from: number, x: number): number {
    if (from >= this.size) return -1;
    const tree = this.tree;
    let node = this.size + from;
    for (;;) {
      if (tree[node] <= x) {
        while (node < this.size) {
          node <<= 1;
          if (tree[node] > x) node |= 1;
        }
        return node - this.size;
      }
      // Climb while we are a right child; then step to the right sibling, which covers the next positions.
      while (node & 1) node >>= 1;
      if (node === 0) return -1;
      node += 1;
    }
  }
}

/** Binary min-heap of candidate pairs keyed by (gap, lower position), stored in flat arrays. */
class EdgeHeap {
  private gaps: Float64Array;
  private lows: Int32Array;
  private highs: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.gaps = new Float64Array(Math.max(capacity, 4));
    this.lows = new Int32Array(Math.max(capacity, 4));
    this.highs = new Int32Array(Math.max(capacity, 4));
  }

  push(gap: number, i: number, j: number): void {
    if (this.size === this.gaps.length) this.grow();
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(gap, i, this.gaps[parent], this.lows[parent])) break;
      this.move(parent, at);
      at = parent;
    }
    this.gaps[at] = gap;
    this.lows[at] = i;
    this.highs[at] = j;
  }

  pop(): { gap: number; i: number; j: number } {
    const top = { gap: this.gaps[0], i: this.lows[0], j: this.highs[0] };
    const last = --this.size;
    if (last > 0) {
      const gap = this.gaps[last];
      const i = this.lows[last];
      const j = this.highs[last];
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= last) break;
        if (child + 1 < last && this.less(this.gaps[child + 1], this.lows[child + 1], this.gaps[child], this.lows[child])) child++;
        if (!this.less(this.gaps[child], this.lows[child], gap, i)) break;
        this.move(child, at);
        at = child;
      }
      this.gaps[at] = gap;
      this.lows[at] = i;
      this.highs[at] = j;
    }
    return top;
  }

  private less(gapA: number, lowA: number, gapB: number, lowB: number): boolean {
    return gapA < gapB || (gapA === gapB && lowA < lowB);
  }

  private move(from: number, to: number): void {
    this.gaps[to] = this.gaps[from];
    this.lows[to] = this.lows[from];
    this.highs[to] = this.highs[from];
  }

  private grow(): void {
    const grow = <T extends Float64Array | Int32Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(a.length * 2);
      next.set(a);
      return next;
    };
    this.gaps = grow(this.gaps);
    this.lows = grow(this.lows);
    this.highs = grow(this.highs);
  }
}
