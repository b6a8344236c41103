import fc from 'fast-check';
import { pairTicketsExact } from './exact-pairing';
import { formMatches } from './form-matches';
import { eligiblePair, MatchPolicy, waitedSeconds, windowFor, windowOf, WindowPolicy } from './match-window';
import { bestPartner, compareTickets, pairTickets, Ticket } from './pairing';
import { formTeams } from './team-formation';
import { estimateWaitSeconds } from './wait-estimate';
import { initialWindow, uncertaintyBonus } from '../../ratings/domain/match-window';

// Per-ticket windows: a ticket's window starts at the mode's base plus its uncertainty bonus (glicko_1v1: 100, 20/s, 400).
const NOW = 1_700_000_000_000;
const POLICY: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };
/** A new Glicko-2 player (RD 350) and a settled one (RD 60). */
const NEW = uncertaintyBonus(350);
const SETTLED = uncertaintyBonus(60);

const ticket = (playerId: string, rating: number, windowBonus = 0, waitSeconds = 0): Ticket => ({
  playerId,
  rating,
  joinedAt: NOW - waitSeconds * 1000,
  ...(windowBonus > 0 ? { windowBonus } : {}),
});
const ids = (pairs: { a: Ticket; b: Ticket }[]) => pairs.map((p) => [p.a.playerId, p.b.playerId].sort().join('+')).sort();

describe('windowOf', () => {
  it('starts at base + bonus, grows like every window and stops at the maximum', () => {
    expect(NEW).toBe(175);
    expect(windowOf({ windowBonus: NEW }, 0, POLICY)).toBe(275);
    expect(windowOf({ windowBonus: NEW }, 0, POLICY)).toBe(initialWindow(100, 400, 350));
    expect(windowOf({ windowBonus: SETTLED }, 0, POLICY)).toBe(130);
    expect(windowOf({ windowBonus: NEW }, 2, POLICY)).toBe(315);
    expect(windowOf({ windowBonus: NEW }, 10, POLICY)).toBe(400);
    expect(windowOf({ windowBonus: NEW }, -3, POLICY)).toBe(275);
  });

  it('is exactly windowFor for a ticket without a bonus (Elo modes keep their windows)', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 100, noNaN: true }), (wait) => {
        expect(windowOf({}, wait, POLICY)).toBe(windowFor(wait, POLICY));
        expect(windowOf({ windowBonus: 0 }, wait, POLICY)).toBe(windowFor(wait, POLICY));
      }),
    );
  });
});

describe('on join (bestPartner) with per-ticket windows', () => {
  it('pairs a new player with a partner 250 away at once when both windows reach', () => {
    const self = ticket('new', 1500, NEW);
    const far = ticket('far', 1750, NEW);
    const best = bestPartner(self, [far], NOW, POLICY);
    expect(best).toMatchObject({ gap: 250, windowA: 275, windowB: 275 });
  });

  it('does not pair settled players 250 apart, nor a new player with a settled one (every window must reach)', () => {
    expect(bestPartner(ticket('a', 1500, SETTLED), [ticket('b', 1750, SETTLED)], NOW, POLICY)).toBeNull();
    expect(bestPartner(ticket('new', 1500, NEW), [ticket('settled', 1750, SETTLED)], NOW, POLICY)).toBeNull();
    expect(bestPartner(ticket('settled', 1500, SETTLED), [ticket('new', 1750, NEW)], NOW, POLICY)).toBeNull();
    // ... and the settled player's window reaches 250 once it has grown: (250 − 130) / 20 = 6 s.
    expect(bestPartner(ticket('settled', 1500, SETTLED, 6), [ticket('new', 1750, NEW)], NOW, POLICY)).toMatchObject({ gap: 250, windowA: 250 });
  });
});

describe('tick pairing with per-ticket windows', () => {
  it('pairs the new players 250 apart at once and leaves the settled pair with the same gap waiting (greedy and exact)', () => {
    const tickets = [ticket('new-a', 1000, NEW), ticket('new-b', 1250, NEW), ticket('set-a', 2000, SETTLED), ticket('set-b', 2250, SETTLED)];
    expect(ids(pairTickets(tickets, NOW, POLICY))).toEqual(['new-a+new-b']);
    const exact = pairTicketsExact(tickets, NOW, POLICY);
    expect(ids(exact.pairs)).toEqual(['new-a+new-b']);
    expect(exact.pairs[0]).toMatchObject({ windowA: 275, windowB: 275 });
    expect(ids(formMatches(tickets, NOW, { teams: 2, teamSize: 1 }, POLICY).matches.map((m) => ({ a: m.teams[0][0], b: m.teams[1][0] })))).toEqual([
      'new-a+new-b',
    ]);
  });

  it('the greedy equals the reference greedy over every allowed pair, with random bonuses', () => {
    const ticketsArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), rating: fc.integer({ min: 1000, max: 2000 }), bonus: fc.integer({ min: 0, max: 300 }), wait: fc.integer({ min: 0, max: 20 }) }),
      { selector: (t) => t.id, maxLength: 40 },
    );
    const qualityArb = fc.record({ minWaitSeconds: fc.integer({ min: 0, max: 10 }), instantGap: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(ticketsArb, qualityArb, (raw, quality) => {
        const policy: MatchPolicy = { ...POLICY, ...quality };
        const tickets = raw.map((t) => ticket(t.id, t.rating, t.bonus, t.wait));
        expect(ids(pairTickets(tickets, NOW, policy))).toEqual(referenceGreedy(tickets, policy));
        for (const p of pairTicketsExact(tickets, NOW, policy).pairs) {
          expect(p.gap).toBeLessThanOrEqual(windowOf(p.a, waitedSeconds(p.a.joinedAt, NOW), policy));
          expect(p.gap).toBeLessThanOrEqual(windowOf(p.b, waitedSeconds(p.b.joinedAt, NOW), policy));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('team formation with per-ticket windows', () => {
  const SHAPE = { teams: 2, teamSize: 2 };

  it('forms a 2v2 of new players spread over 250 at once, not one of settled players with the same spread', () => {
    const fresh = [ticket('n1', 1000, NEW), ticket('n2', 1100, NEW), ticket('n3', 1150, NEW), ticket('n4', 1250, NEW)];
    const settled = [ticket('s1', 3000, SETTLED), ticket('s2', 3100, SETTLED), ticket('s3', 3150, SETTLED), ticket('s4', 3250, SETTLED)];
    const matches = formTeams([...fresh, ...settled], NOW, SHAPE, POLICY);
    expect(matches).toHaveLength(1);
    expect(matches[0].teams.flat().map((t) => t.playerId).sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(matches[0].windows.flat()).toEqual([275, 275, 275, 275]);
    expect(matches[0].spread).toBe(250);
  });

  it('keeps one settled ticket out of a group the new players would accept (every ticket inside every window)', () => {
    const tickets = [ticket('n1', 1000, NEW), ticket('n2', 1100, NEW), ticket('n3', 1150, NEW), ticket('s4', 1250, SETTLED)];
    expect(formTeams(tickets, NOW, SHAPE, POLICY)).toEqual([]);
    // With a new player in its place the match forms.
    expect(formTeams([...tickets.slice(0, 3), ticket('n4', 1250, NEW)], NOW, SHAPE, POLICY)).toHaveLength(1);
  });

  it('never puts two tickets in a match outside each other’s own window, with random bonuses', () => {
    const ticketsArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), rating: fc.integer({ min: 1000, max: 1800 }), bonus: fc.integer({ min: 0, max: 300 }), wait: fc.integer({ min: 0, max: 10 }) }),
      { selector: (t) => t.id, maxLength: 40 },
    );
    fc.assert(
      fc.property(ticketsArb, (raw) => {
        const tickets = raw.map((t) => ticket(t.id, t.rating, t.bonus, t.wait));
        for (const match of formTeams(tickets, NOW, SHAPE, POLICY)) {
          const members = match.teams.flat();
          for (const x of members) {
            for (const y of members) expect(Math.abs(x.rating - y.rating)).toBeLessThanOrEqual(windowOf(x, waitedSeconds(x.joinedAt, NOW), POLICY));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('wait estimate with per-ticket windows', () => {
  const base = { rating: 1500, waitedSeconds: 0, recentWaits: [], policy: POLICY, tickSeconds: 1 };

  it('a partner both windows reach now is one tick away; the narrower window decides otherwise', () => {
    expect(estimateWaitSeconds({ ...base, windowBonus: NEW, neighbours: [{ rating: 1750, waitedSeconds: 0, windowBonus: NEW }] })).toBe(1);
    // Settled (130 + 20/s) needs 6 s to reach 250 whatever the other's bonus.
    expect(estimateWaitSeconds({ ...base, windowBonus: SETTLED, neighbours: [{ rating: 1750, waitedSeconds: 0, windowBonus: NEW }] })).toBe(7);
    expect(estimateWaitSeconds({ ...base, windowBonus: NEW, neighbours: [{ rating: 1750, waitedSeconds: 0, windowBonus: SETTLED }] })).toBe(7);
    // Without bonuses: (250 − 100) / 20 = 7.5 s, as before.
    expect(estimateWaitSeconds({ ...base, neighbours: [{ rating: 1750, waitedSeconds: 0 }] })).toBe(9);
  });
});

/** The textbook greedy over the full list of allowed (and eligible) pairs, each ticket with its own window. */
function referenceGreedy(tickets: Ticket[], policy: MatchPolicy): string[] {
  const sorted = [...tickets].sort(compareTickets);
  const waits = sorted.map((t) => waitedSeconds(t.joinedAt, NOW));
  const windows = sorted.map((t, i) => windowOf(t, waits[i], policy));
  const edges: { gap: number; i: number; j: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const gap = sorted[j].rating - sorted[i].rating;
      if (eligiblePair(gap, waits[i], windows[i], waits[j], windows[j], policy)) edges.push({ gap, i, j });
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
