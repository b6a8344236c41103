import fc from 'fast-check';
import { eligiblePair, MatchPolicy, mutuallyInside, waitedSeconds, windowFor, WindowPolicy } from './match-window';
import { bestPartner, compareTickets, pairTickets, Ticket } from './pairing';

const NOW = 1_700_000_000_000;
const POLICY: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };

const ticket = (playerId: string, rating: number, waitSeconds = 0): Ticket => ({ playerId, rating, joinedAt: NOW - waitSeconds * 1000 });
const ids = (pairs: { a: Ticket; b: Ticket }[]) => pairs.map((p) => [p.a.playerId, p.b.playerId].sort().join('+')).sort();

/** The textbook greedy over the full list of allowed pairs (quadratic): the reference the fast version must equal. */
function referenceGreedy(tickets: Ticket[], now: number, policy: MatchPolicy): string[] {
  const sorted = [...tickets].sort(compareTickets);
  const waits = sorted.map((t) => waitedSeconds(t.joinedAt, now));
  const windows = waits.map((w) => windowFor(w, policy));
  const edges: { gap: number; i: number; j: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const gap = sorted[j].rating - sorted[i].rating;
      const allowed = mutuallyInside(sorted[i].rating, windows[i], sorted[j].rating, windows[j]);
      if (allowed && eligiblePair(gap, waits[i], windows[i], waits[j], windows[j], policy)) {
        edges.push({ gap: sorted[j].rating - sorted[i].rating, i, j });
      }
    }
  }
  edges.sort((x, y) => x.gap - y.gap || x.i - y.i || x.j - y.j);
  const used = new Set<number>();
  const pairs: { a: Ticket; b: Ticket }[] = [];
  for (const e of edges) {
    if (used.has(e.i) || used.has(e.j)) continue;
    used.add(e.i);
    used.add(e.j);
    pairs.push({ a: sorted[e.i], b: sorted[e.j] });
  }
  return ids(pairs);
}

const policyArb = fc
  .record({ base: fc.integer({ min: 0, max: 200 }), growth: fc.integer({ min: 0, max: 100 }), extra: fc.integer({ min: 0, max: 400 }) })
  .map(({ base, growth, extra }): WindowPolicy => ({ baseWindow: base, windowGrowthPerSecond: growth, maxWindow: base + extra }));

/** Window settings plus a quality policy (hold up to 20 s, instant gap up to 50). */
const qualityPolicyArb = fc
  .tuple(policyArb, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 50 }))
  .map(([policy, minWaitSeconds, instantGap]): MatchPolicy => ({ ...policy, minWaitSeconds, instantGap }));

const ticketsArb = fc.uniqueArray(
  fc.record({
    playerId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 6 }),
    // A narrow rating band makes many players compete for the same partners.
    rating: fc.integer({ min: 1000, max: 1800 }),
    waitMs: fc.integer({ min: 0, max: 30_000 }),
  }),
  { selector: (t) => t.playerId, maxLength: 60 },
);

const toTickets = (raw: { playerId: string; rating: number; waitMs: number }[]): Ticket[] =>
  raw.map((r) => ({ playerId: r.playerId, rating: r.rating, joinedAt: NOW - r.waitMs }));

describe('pairTickets', () => {
  it('pairs the closest ratings first', () => {
    // a–b (90) and c–d (85) would both be allowed, but b–c (5) is the closest pair and is taken first.
    const pairs = pairTickets([ticket('a', 1000), ticket('b', 1090), ticket('c', 1095), ticket('d', 1180)], NOW, POLICY);
    expect(ids(pairs)).toEqual(['b+c']);
    expect(pairs[0].gap).toBe(5);
  });

  it('leaves players unpaired when their gap is outside either window', () => {
    expect(pairTickets([ticket('a', 1000), ticket('b', 1150)], NOW, POLICY)).toEqual([]);
    // b has waited long enough (window 300), a has not (window 100): still not allowed.
    expect(pairTickets([ticket('a', 1000), ticket('b', 1150, 10)], NOW, POLICY)).toEqual([]);
    // Both have waited 2.5 s: windows are 150 each.
    expect(ids(pairTickets([ticket('a', 1000, 2.5), ticket('b', 1150, 2.5)], NOW, POLICY))).toEqual(['a+b']);
  });

  it('pairs across a rating neighbour whose own window is too small', () => {
    // b sits between a and c but has just joined (window 100); a and c have waited 15 s (window 400).
    const pairs = pairTickets([ticket('a', 1000, 15), ticket('b', 1150), ticket('c', 1300, 15)], NOW, POLICY);
    expect(ids(pairs)).toEqual(['a+c']);
    expect(pairs[0]).toMatchObject({ gap: 300, windowA: 400, windowB: 400 });
  });

  it('caps windows at the maximum', () => {
    expect(pairTickets([ticket('a', 1000, 3600), ticket('b', 1401, 3600)], NOW, POLICY)).toEqual([]);
    expect(pairTickets([ticket('a', 1000, 3600), ticket('b', 1400, 3600)], NOW, POLICY)).toHaveLength(1);
  });

  it('handles equal ratings, empty and single queues', () => {
    expect(pairTickets([], NOW, POLICY)).toEqual([]);
    expect(pairTickets([ticket('a', 1200)], NOW, POLICY)).toEqual([]);
    expect(ids(pairTickets([ticket('b', 1200), ticket('a', 1200), ticket('c', 1200)], NOW, POLICY))).toEqual(['a+b']);
  });

  it('gives the same result whatever the input order', () => {
    const tickets = [ticket('a', 1000, 3), ticket('b', 1040), ticket('c', 1130, 9), ticket('d', 1210), ticket('e', 1230, 1)];
    expect(ids(pairTickets([...tickets].reverse(), NOW, POLICY))).toEqual(ids(pairTickets(tickets, NOW, POLICY)));
  });

  describe('properties', () => {
    it('never pairs outside either window, never uses a player twice, only pairs queued players', () => {
      fc.assert(
        fc.property(ticketsArb, policyArb, (raw, policy) => {
          const tickets = toTickets(raw);
          const pairs = pairTickets(tickets, NOW, policy);
          const seen = new Set<string>();
          const byId = new Map(tickets.map((t) => [t.playerId, t]));
          for (const { a, b, gap } of pairs) {
            expect(byId.get(a.playerId)).toBe(a);
            expect(byId.get(b.playerId)).toBe(b);
            expect(seen.has(a.playerId) || seen.has(b.playerId) || a.playerId === b.playerId).toBe(false);
            seen.add(a.playerId);
            seen.add(b.playerId);
            expect(gap).toBe(Math.abs(a.rating - b.rating));
            const wa = windowFor(waitedSeconds(a.joinedAt, NOW), policy);
            const wb = windowFor(waitedSeconds(b.joinedAt, NOW), policy);
            expect(gap <= wa && gap <= wb).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('is maximal: no two players left unpaired could be paired with each other', () => {
      fc.assert(
        fc.property(ticketsArb, policyArb, (raw, policy) => {
          const tickets = toTickets(raw);
          const paired = new Set(pairTickets(tickets, NOW, policy).flatMap((p) => [p.a.playerId, p.b.playerId]));
          const left = tickets.filter((t) => !paired.has(t.playerId));
          for (let i = 0; i < left.length; i++) {
            for (let j = i + 1; j < left.length; j++) {
              const wi = windowFor(waitedSeconds(left[i].joinedAt, NOW), policy);
              const wj = windowFor(waitedSeconds(left[j].joinedAt, NOW), policy);
              expect(mutuallyInside(left[i].rating, wi, left[j].rating, wj)).toBe(false);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    it('equals the greedy over all allowed pairs taken smallest gap first', () => {
      fc.assert(
        fc.property(ticketsArb, policyArb, (raw, policy) => {
          const tickets = toTickets(raw);
          expect(ids(pairTickets(tickets, NOW, policy))).toEqual(referenceGreedy(tickets, NOW, policy));
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('pairTickets with a quality policy', () => {
  const QUALITY: MatchPolicy = { ...POLICY, minWaitSeconds: 5, instantGap: 10 };

  it('holds tickets until one of a pair is ripe, unless the gap is instant', () => {
    // Both fresh, 30 apart: held. One ripe: paired. Both fresh, 8 apart: instant.
    expect(pairTickets([ticket('a', 1000, 1), ticket('b', 1030, 2)], NOW, QUALITY)).toEqual([]);
    expect(ids(pairTickets([ticket('a', 1000, 5), ticket('b', 1030)], NOW, QUALITY))).toEqual(['a+b']);
    expect(ids(pairTickets([ticket('a', 1000), ticket('b', 1008)], NOW, QUALITY))).toEqual(['a+b']);
  });

  it('lets a fresh ticket pair with a ripe one across a closer fresh neighbour', () => {
    // b–c are 20 apart but both fresh; a is ripe and 40 from b.
    const pairs = pairTickets([ticket('a', 960, 6), ticket('b', 1000), ticket('c', 1020, 1)], NOW, QUALITY);
    expect(ids(pairs)).toEqual(['a+b']);
  });

  it('equals the greedy over all eligible pairs, never pairs an ineligible pair, and is maximal', () => {
    fc.assert(
      fc.property(ticketsArb, qualityPolicyArb, (raw, policy) => {
        const tickets = toTickets(raw);
        const pairs = pairTickets(tickets, NOW, policy);
        expect(ids(pairs)).toEqual(referenceGreedy(tickets, NOW, policy));
        const used = new Set<string>();
        const info = (t: Ticket) => {
          const wait = waitedSeconds(t.joinedAt, NOW);
          return { wait, window: windowFor(wait, policy) };
        };
        for (const { a, b, gap } of pairs) {
          expect(used.has(a.playerId) || used.has(b.playerId)).toBe(false);
          used.add(a.playerId);
          used.add(b.playerId);
          const x = info(a);
          const y = info(b);
          expect(eligiblePair(gap, x.wait, x.window, y.wait, y.window, policy)).toBe(true);
        }
        const left = tickets.filter((t) => !used.has(t.playerId));
        for (let i = 0; i < left.length; i++) {
          for (let j = i + 1; j < left.length; j++) {
            const x = info(left[i]);
            const y = info(left[j]);
            expect(eligiblePair(Math.abs(left[i].rating - left[j].rating), x.wait, x.window, y.wait, y.window, policy)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('bestPartner', () => {
  it('picks the smallest allowed gap, then the longest-waiting candidate', () => {
    const self = ticket('me', 1200);
    const best = bestPartner(self, [ticket('far', 1290), ticket('new', 1230), ticket('old', 1170, 5), ticket('me', 1200)], NOW, POLICY);
    expect(best).toMatchObject({ b: { playerId: 'old' }, gap: 30 });
  });

  it('returns null when no candidate is inside both windows', () => {
    expect(bestPartner(ticket('me', 1200), [ticket('x', 1350, 60)], NOW, POLICY)).toBeNull();
    expect(bestPartner(ticket('me', 1200, 60), [ticket('x', 1350)], NOW, POLICY)).toBeNull();
  });

  it('always returns an allowed partner with no allowed candidate closer', () => {
    fc.assert(
      fc.property(ticketsArb, policyArb, fc.integer({ min: 1000, max: 1800 }), (raw, policy, rating) => {
        const self = ticket('self-player', rating);
        const candidates = toTickets(raw);
        const best = bestPartner(self, candidates, NOW, policy);
        const allowed = candidates.filter((c) =>
          mutuallyInside(rating, windowFor(0, policy), c.rating, windowFor(waitedSeconds(c.joinedAt, NOW), policy)),
        );
        if (allowed.length === 0) expect(best).toBeNull();
        else expect(best!.gap).toBe(Math.min(...allowed.map((c) => Math.abs(c.rating - rating))));
      }),
      { numRuns: 300 },
    );
  });

  it('on join under a quality policy takes only an instant gap or a ripe partner', () => {
    const policy: MatchPolicy = { ...POLICY, minWaitSeconds: 5, instantGap: 10 };
    expect(bestPartner(ticket('me', 1200), [ticket('fresh', 1230, 2)], NOW, policy)).toBeNull();
    expect(bestPartner(ticket('me', 1200), [ticket('fresh', 1230, 2), ticket('ripe', 1250, 6)], NOW, policy)).toMatchObject({ b: { playerId: 'ripe' } });
    expect(bestPartner(ticket('me', 1200), [ticket('near', 1209), ticket('ripe', 1250, 6)], NOW, policy)).toMatchObject({ b: { playerId: 'near' } });
  });
});
