import fc from 'fast-check';
import { offlineOptimum, TracePlayer } from './offline-optimum';

/** Every matching of overlapping spans: the most pairs, then the smallest total gap. */
function bruteForce(players: TracePlayer[]): { size: number; gap: number } {
  const n = players.length;
  const used = new Uint8Array(n);
  let best = { size: 0, gap: 0 };
  const visit = (v: number, size: number, gap: number): void => {
    while (v < n && used[v]) v++;
    if (v >= n) {
      if (size > best.size || (size === best.size && gap < best.gap)) best = { size, gap };
      return;
    }
    used[v] = 1;
    visit(v + 1, size, gap);
    for (let u = v + 1; u < n; u++) {
      if (used[u] || players[u].from > players[v].to || players[v].from > players[u].to) continue;
      used[u] = 1;
      visit(v + 1, size + 1, gap + Math.abs(players[v].rating - players[u].rating));
      used[u] = 0;
    }
    used[v] = 0;
  };
  visit(0, 0, 0);
  return best;
}

const traceArb = fc.array(
  fc.record({ rating: fc.integer({ min: 800, max: 2200 }), from: fc.integer({ min: 0, max: 20_000 }), span: fc.integer({ min: 0, max: 6000 }) }),
  { maxLength: 11 },
);

describe('offlineOptimum', () => {
  it('pairs only overlapping spans, closest ratings overall', () => {
    const players: TracePlayer[] = [
      { rating: 1500, from: 0, to: 5000 },
      { rating: 1510, from: 6000, to: 11000 },
      { rating: 1700, from: 1000, to: 6000 },
      { rating: 1505, from: 5500, to: 10500 },
    ];
    // 0–1 do not overlap; 0–2 (200) and 1–3 (5) is the only way to pair all four.
    const result = offlineOptimum(players);
    expect(result.pairs.sort()).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(result).toMatchObject({ totalGap: 205, unmatched: 0 });
  });

  it('equals brute force on random traces', () => {
    fc.assert(
      fc.property(traceArb, (raw) => {
        const players = raw.map((p) => ({ rating: p.rating, from: p.from, to: p.from + p.span }));
        const result = offlineOptimum(players);
        const used = new Set<number>();
        for (const [i, j] of result.pairs) {
          expect(used.has(i) || used.has(j)).toBe(false);
          used.add(i);
          used.add(j);
          expect(players[j].from <= players[i].to && players[i].from <= players[j].to).toBe(true);
        }
        expect({ size: result.pairs.length, gap: result.totalGap }).toEqual(bruteForce(players));
        expect(result.unmatched).toBe(players.length - 2 * result.pairs.length);
      }),
      { numRuns: 400 },
    );
  });
});
