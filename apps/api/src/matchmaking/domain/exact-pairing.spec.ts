import fc from 'fast-check';
import { pairTicketsExact } from './exact-pairing';
import { eligiblePair, MatchPolicy, waitedSeconds, windowFor } from './match-window';
import { Pair, pairTickets, Ticket } from './pairing';
import { WindowPolicy } from './match-window';

const NOW = 1_700_000_000_000;
const QUALITY: MatchPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400, minWaitSeconds: 5, instantGap: 10 };
const WINDOWS: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };
const policyArb = fc
  .record({ base: fc.integer({ min: 0, max: 200 }), growth: fc.integer({ min: 0, max: 100 }), extra: fc.integer({ min: 0, max: 400 }) })
  .map(({ base, growth, extra }): WindowPolicy => ({ baseWindow: base, windowGrowthPerSecond: growth, maxWindow: base + extra }));
const qualityPolicyArb = fc
  .tuple(policyArb, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 50 }))
  .map(([policy, minWaitSeconds, instantGap]): MatchPolicy => ({ ...policy, minWaitSeconds, instantGap }));
const ticket = (playerId: string, rating: number, waitSeconds = 0): Ticket => ({ playerId, rating, joinedAt: NOW - waitSeconds * 1000 });
const ids = (pairs: Pair[]) => pairs.map((p) => [p.a.playerId, p.b.playerId].sort().join('+')).sort();
const total = (pairs: Pair[]) => pairs.reduce((sum, p) => sum + p.gap, 0);

function eligible(a: Ticket, b: Ticket, policy: MatchPolicy): boolean {
  const wa = waitedSeconds(a.joinedAt, NOW);
  const wb = waitedSeconds(b.joinedAt, NOW);
  return eligiblePair(Math.abs(a.rating - b.rating), wa, windowFor(wa, policy), wb, windowFor(wb, policy), policy);
}

/** Every matching over the eligible pairs: the most pairs, then the smallest total gap. */
function bruteForce(tickets: Ticket[], policy: MatchPolicy): { size: number; gap: number } {
  const n = tickets.length;
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
      if (used[u] || !eligible(tickets[v], tickets[u], policy)) continue;
      used[u] = 1;
      visit(v + 1, size + 1, gap + Math.abs(tickets[v].rating - tickets[u].rating));
      used[u] = 0;
    }
    used[v] = 0;
  };
  visit(0, 0, 0);
  return best;
}

const poolArb = (maxLength: number, spread: number) =>
  fc
    .uniqueArray(
      fc.record({
        playerId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 6 }),
        rating: fc.integer({ min: 1000, max: 1000 + spread }),
        waitMs: fc.integer({ min: 0, max: 20_000 }),
      }),
      { selector: (t) => t.playerId, maxLength },
    )
    .map((raw) => raw.map((r): Ticket => ({ playerId: r.playerId, rating: r.rating, joinedAt: NOW - r.waitMs })));

function checkValid(tickets: Ticket[], pairs: Pair[], policy: MatchPolicy): void {
  const byId = new Map(tickets.map((t) => [t.playerId, t]));
  const used = new Set<string>();
  for (const p of pairs) {
    expect(byId.get(p.a.playerId)).toBe(p.a);
    expect(byId.get(p.b.playerId)).toBe(p.b);
    expect(used.has(p.a.playerId) || used.has(p.b.playerId) || p.a.playerId === p.b.playerId).toBe(false);
    used.add(p.a.playerId);
    used.add(p.b.playerId);
    expect(p.gap).toBe(Math.abs(p.a.rating - p.b.rating));
    expect(eligible(p.a, p.b, policy)).toBe(true);
  }
  // Maximal: no two tickets left could have been paired.
  const left = tickets.filter((t) => !used.has(t.playerId));
  for (let i = 0; i < left.length; i++) for (let j = i + 1; j < left.length; j++) expect(eligible(left[i], left[j], policy)).toBe(false);
}

describe('pairTicketsExact', () => {
  it('pairs more players than the greedy when the closest pair blocks two others', () => {
    // Windows of 100: greedy takes b–c (40) and strands a and d (140 apart); the exact matching pairs a–b and c–d.
    const tickets = [ticket('a', 1000), ticket('b', 1050), ticket('c', 1090), ticket('d', 1140)];
    expect(ids(pairTickets(tickets, NOW, WINDOWS))).toEqual(['b+c']);
    expect(ids(pairTicketsExact(tickets, NOW, WINDOWS).pairs)).toEqual(['a+b', 'c+d']);
  });

  it('finds the smallest total gap where windows forbid the sorted-neighbour pairing', () => {
    // b and c have just joined (instant pair, 9 apart); a and d have waited 15 s (window 400).
    const tickets = [ticket('a', 1000, 15), ticket('b', 1050), ticket('c', 1059), ticket('d', 1300, 15)];
    const { pairs, exactTickets } = pairTicketsExact(tickets, NOW, QUALITY);
    expect(ids(pairs)).toEqual(['a+d', 'b+c']);
    expect(exactTickets).toBe(4);
  });

  it('holds fresh tickets and answers nothing for empty, single and unpairable queues', () => {
    expect(pairTicketsExact([], NOW, QUALITY).pairs).toEqual([]);
    expect(pairTicketsExact([ticket('a', 1000)], NOW, QUALITY).pairs).toEqual([]);
    expect(pairTicketsExact([ticket('a', 1000, 1), ticket('b', 1030, 2)], NOW, QUALITY).pairs).toEqual([]);
    expect(ids(pairTicketsExact([ticket('a', 1000, 5), ticket('b', 1030)], NOW, QUALITY).pairs)).toEqual(['a+b']);
  });

  it('is the exact minimum (most pairs, then least total gap) on random small pools, against brute force', () => {
    fc.assert(
      fc.property(poolArb(10, 400), qualityPolicyArb, (tickets, policy) => {
        const { pairs } = pairTicketsExact(tickets, NOW, policy);
        checkValid(tickets, pairs, policy);
        expect({ size: pairs.length, gap: total(pairs) }).toEqual(bruteForce(tickets, policy));
      }),
      { numRuns: 500 },
    );
  });

  it('is exact without a quality policy too (today\'s windows only)', () => {
    fc.assert(
      fc.property(poolArb(10, 800), policyArb, (tickets, policy) => {
        const { pairs } = pairTicketsExact(tickets, NOW, policy);
        checkValid(tickets, pairs, policy);
        expect({ size: pairs.length, gap: total(pairs) }).toEqual(bruteForce(tickets, policy));
      }),
      { numRuns: 300 },
    );
  });

  it('never breaks a window or uses a ticket twice, and never does worse than the greedy, on larger pools', () => {
    fc.assert(
      fc.property(poolArb(60, 800), qualityPolicyArb, (tickets, policy) => {
        const exact = pairTicketsExact(tickets, NOW, policy).pairs;
        checkValid(tickets, exact, policy);
        const greedy = pairTickets(tickets, NOW, policy);
        expect(exact.length).toBeGreaterThanOrEqual(greedy.length);
        if (exact.length === greedy.length) expect(total(exact)).toBeLessThanOrEqual(total(greedy) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('falls back to the greedy above the component limit, the per-tick budget or the pair limit', () => {
    fc.assert(
      fc.property(poolArb(40, 400), qualityPolicyArb, fc.constantFrom({ componentLimit: 1 }, { edgeLimit: 0 }), (tickets, policy, options) => {
        const result = pairTicketsExact(tickets, NOW, policy, options);
        checkValid(tickets, result.pairs, policy);
        expect(ids(result.pairs)).toEqual(ids(pairTickets(tickets, NOW, policy)));
        expect(result.exactTickets).toBe(0);
      }),
      { numRuns: 100 },
    );
    // Two components of 4 (windows 200 after 5 s): a budget of one 4-ticket solve pairs the second greedily.
    const tickets = [ticket('a', 1000), ticket('b', 1050), ticket('c', 1090), ticket('d', 1140)].flatMap((t) => [
      { ...t, joinedAt: NOW - 5000 },
      { ...t, playerId: `${t.playerId}2`, rating: t.rating + 2000, joinedAt: NOW - 5000 },
    ]);
    const split = pairTicketsExact(tickets, NOW, QUALITY, { componentLimit: 4 });
    expect(split).toMatchObject({ exactTickets: 4, greedyTickets: 4 });
    expect(ids(split.pairs)).toEqual(['a+b', 'a2+d2', 'b2+c2', 'c+d']);
  });
});
