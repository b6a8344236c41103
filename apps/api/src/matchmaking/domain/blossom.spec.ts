import fc from 'fast-check';
import { maxWeightMatching } from './blossom';

interface Graph {
  n: number;
  edges: [number, number, number][];
}

/** Every matching, by recursion on the lowest unmatched vertex: the best (cardinality?, weight) one. */
function bruteForce({ n, edges }: Graph, maxCardinality: boolean): { size: number; weight: number } {
  const adjacency: { to: number; w: number }[][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    adjacency[a].push({ to: b, w });
    adjacency[b].push({ to: a, w });
  }
  const used = new Uint8Array(n);
  let best = { size: 0, weight: 0 };
  const better = (size: number, weight: number) =>
    maxCardinality ? size > best.size || (size === best.size && weight > best.weight) : weight > best.weight;
  const visit = (v: number, size: number, weight: number): void => {
    while (v < n && used[v]) v++;
    if (v >= n) {
      if (better(size, weight)) best = { size, weight };
      return;
    }
    used[v] = 1;
    visit(v + 1, size, weight);
    for (const { to, w } of adjacency[v]) {
      if (used[to]) continue;
      used[to] = 1;
      visit(v + 1, size + 1, weight + w);
      used[to] = 0;
    }
    used[v] = 0;
  };
  visit(0, 0, 0);
  return best;
}

function solve({ n, edges }: Graph, maxCardinality: boolean) {
  const mate = maxWeightMatching(
    n,
    edges.map((e) => e[0]),
    edges.map((e) => e[1]),
    edges.map((e) => e[2]),
    maxCardinality,
  );
  let size = 0;
  let weight = 0;
  for (let v = 0; v < n; v++) {
    const u = mate[v];
    if (u === -1) continue;
    expect(mate[u]).toBe(v);
    if (u < v) continue;
    // The heaviest parallel edge between the two (the matching may use any of them).
    const w = Math.max(...edges.filter((e) => (e[0] === v && e[1] === u) || (e[0] === u && e[1] === v)).map((e) => e[2]));
    expect(Number.isFinite(w)).toBe(true);
    size++;
    weight += w;
  }
  return { size, weight };
}

const graphArb = (maxN: number, minW: number, maxW: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: minW, max: maxW })), {
        maxLength: (n * (n - 1)) / 2 + 3,
      })
      .map((raw): Graph => {
        // Simple graph: no loops, one edge per vertex pair.
        const seen = new Set<string>();
        const edges = raw.filter(([a, b]) => {
          const key = a < b ? `${a}-${b}` : `${b}-${a}`;
          if (a === b || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        return { n, edges };
      }),
  );

describe('maxWeightMatching (blossom)', () => {
  it('solves the textbook cases', () => {
    expect(Array.from(maxWeightMatching(3, [0, 0, 1], [1, 2, 2], [6, 10, 5], false))).toEqual([2, -1, 0]);
    // A heavier single edge against two lighter ones: weight wants one edge, cardinality wants two.
    expect(Array.from(maxWeightMatching(4, [0, 1, 2], [1, 2, 3], [2, 5, 2], false))).toEqual([-1, 2, 1, -1]);
    expect(Array.from(maxWeightMatching(4, [0, 1, 2], [1, 2, 3], [2, 5, 2], true))).toEqual([1, 0, 3, 2]);
    // An odd cycle (a blossom) with a stem: 2–0 and 3–4 beat 1–2 and 3–4.
    expect(Array.from(maxWeightMatching(5, [0, 1, 2, 2, 3], [1, 2, 0, 3, 4], [8, 9, 10, 7, 8], true))).toEqual([2, -1, 0, 4, 3]);
  });

  it('equals brute force on random small graphs (maximum weight)', () => {
    fc.assert(
      fc.property(graphArb(9, 1, 30), (graph) => {
        expect(solve(graph, false).weight).toBe(bruteForce(graph, false).weight);
      }),
      { numRuns: 400 },
    );
  });

  it('equals brute force on random small graphs (maximum cardinality, then maximum weight)', () => {
    fc.assert(
      fc.property(graphArb(10, 1, 30), (graph) => {
        expect(solve(graph, true)).toEqual(bruteForce(graph, true));
      }),
      { numRuns: 400 },
    );
  });

  it('equals brute force on dense graphs with many equal weights (blossom nesting and expansion)', () => {
    fc.assert(
      fc.property(graphArb(10, 1, 4), (graph) => {
        expect(solve(graph, true)).toEqual(bruteForce(graph, true));
        expect(solve(graph, false).weight).toBe(bruteForce(graph, false).weight);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses non-integer weights', () => {
    expect(() => maxWeightMatching(2, [0], [1], [1.5], false)).toThrow(/integer/);
  });
});
