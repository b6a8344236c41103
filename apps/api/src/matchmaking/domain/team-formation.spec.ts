import fc from 'fast-check';
import { formMatches } from './form-matches';
import { waitedSeconds, windowFor, WindowPolicy } from './match-window';
import { Ticket } from './pairing';
import { pairTicketsExact } from './exact-pairing';
import { balanceTeams, formTeams, imbalanceOf, MatchShape, seatsOf, teamMean } from './team-formation';

const POLICY: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };
const NOW = 1_000_000;

const solo = (id: string, rating: number, waitedS = 0): Ticket => ({ playerId: id, rating, joinedAt: NOW - waitedS * 1000 });
const party = (id: string, rating: number, size: number, waitedS = 0): Ticket => ({ ...solo(id, rating, waitedS), size });

/** Every way to split `tickets` into full teams (teams interchangeable), for the brute-force reference. */
function allSplits(tickets: Ticket[], shape: MatchShape): Ticket[][][] {
  const out: Ticket[][][] = [];
  const teams: Ticket[][] = Array.from({ length: shape.teams }, () => []);
  const free = new Array<number>(shape.teams).fill(shape.teamSize);
  const go = (k: number) => {
    if (k === tickets.length) {
      if (free.every((f) => f === 0)) out.push(teams.map((t) => [...t]));
      return;
    }
    for (let t = 0; t < shape.teams; t++) {
      if (free[t] < seatsOf(tickets[k])) continue;
      free[t] -= seatsOf(tickets[k]);
      teams[t].push(tickets[k]);
      go(k + 1);
      teams[t].pop();
      free[t] += seatsOf(tickets[k]);
    }
  };
  go(0);
  return out;
}

const ticketsArb = (maxParty: number) =>
  fc
    .array(
      fc.record({
        rating: fc.integer({ min: 1000, max: 1600 }),
        waited: fc.integer({ min: 0, max: 30 }),
        size: fc.integer({ min: 1, max: maxParty }),
      }),
      { minLength: 0, maxLength: 14 },
    )
    .map((rows) => rows.map((r, i) => party(`t${String(i).padStart(2, '0')}`, r.rating, r.size, r.waited)));

const shapeArb = fc.constantFrom<MatchShape>({ teams: 2, teamSize: 2 }, { teams: 2, teamSize: 3 }, { teams: 3, teamSize: 2 }, { teams: 4, teamSize: 1 }, { teams: 2, teamSize: 5 });

describe('formTeams', () => {
  it('forms a 2v2 from a party of two and two solos, the party on one team, balanced', () => {
    const tickets = [party('duo', 1200, 2), solo('a', 1250), solo('b', 1150)];
    const [match, ...rest] = formTeams(tickets, NOW, { teams: 2, teamSize: 2 }, POLICY);
    expect(rest).toEqual([]);
    const partyTeam = match.teams.find((t) => t.some((x) => x.playerId === 'duo'))!;
    expect(partyTeam).toHaveLength(1);
    expect(match.teams.flat().map((t) => t.playerId).sort()).toEqual(['a', 'b', 'duo']);
    expect(match.imbalance).toBe(0); // duo 1200 vs mean(1250, 1150) = 1200
    expect(match.spread).toBe(100);
  });

  it('balances four solos as highest + lowest against the middle two', () => {
    const [match] = formTeams([solo('a', 1000), solo('b', 1050), solo('c', 1060), solo('d', 1090)], NOW, { teams: 2, teamSize: 2 }, POLICY);
    const ids = match.teams.map((t) => t.map((x) => x.playerId).sort().join('+')).sort();
    expect(ids).toEqual(['a+d', 'b+c']);
    expect(match.imbalance).toBe(10);
  });

  it('forms ffa_4 from four solos, one per team', () => {
    const [match] = formTeams([solo('a', 1000), solo('b', 1010), solo('c', 1020), solo('d', 1030), solo('e', 1500)], NOW, { teams: 4, teamSize: 1 }, POLICY);
    expect(match.teams.map((t) => t.length)).toEqual([1, 1, 1, 1]);
    expect(match.teams.flat().map((t) => t.playerId).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never matches tickets outside each other\'s windows, and widens with waiting', () => {
    const fresh = [solo('a', 1000), solo('b', 1000), solo('c', 1000), solo('d', 1250)];
    expect(formTeams(fresh, NOW, { teams: 2, teamSize: 2 }, POLICY)).toEqual([]);
    const waited = [solo('a', 1000, 10), solo('b', 1000, 10), solo('c', 1000, 10), solo('d', 1250, 10)];
    expect(formTeams(waited, NOW, { teams: 2, teamSize: 2 }, POLICY)).toHaveLength(1);
  });

  it('does not form a match whose parties cannot be packed into teams', () => {
    expect(formTeams([party('p', 1000, 3), party('q', 1000, 3), party('r', 1000, 3), solo('s', 1000)], NOW, { teams: 2, teamSize: 5 }, POLICY)).toEqual([]);
  });

  it('properties on random queues: seats exact, parties whole, windows mutual, no ticket twice, split optimal for its group', () => {
    fc.assert(
      fc.property(ticketsArb(3), shapeArb, (tickets, shape) => {
        const matches = formTeams(tickets, NOW, shape, POLICY);
        const seen = new Set<string>();
        for (const m of matches) {
          expect(m.teams).toHaveLength(shape.teams);
          for (const team of m.teams) expect(team.reduce((s, t) => s + seatsOf(t), 0)).toBe(shape.teamSize);
          const all = m.teams.flat();
          for (const t of all) {
            expect(seen.has(t.playerId)).toBe(false);
            seen.add(t.playerId);
          }
          for (const x of all) {
            for (const y of all) {
              const gap = Math.abs(x.rating - y.rating);
              expect(gap).toBeLessThanOrEqual(windowFor(waitedSeconds(x.joinedAt, NOW), POLICY));
            }
          }
          // Brute force over every split of the same tickets: the chosen split is the most balanced one.
          const best = Math.min(...allSplits(all, shape).map(imbalanceOf));
          expect(m.imbalance).toBeCloseTo(best, 9);
          expect(m.imbalance).toBeCloseTo(imbalanceOf(m.teams), 9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same matches whatever order the tickets arrive in, and whichever way the anchors are ordered', () => {
    const flat: WindowPolicy = { baseWindow: 150, windowGrowthPerSecond: 0, maxWindow: 150 };
    fc.assert(
      fc.property(ticketsArb(3), shapeArb, fc.integer(), (tickets, shape, seed) => {
        const ids = (ms: ReturnType<typeof formTeams>) => ms.map((m) => m.teams.map((t) => t.map((x) => x.playerId)));
        const expected = formTeams(tickets, NOW, shape, flat);
        const shuffled = [...tickets].sort((x, y) => ((x.playerId.charCodeAt(2) * 31 + seed) % 7) - ((y.playerId.charCodeAt(2) * 31 + seed) % 7));
        expect(ids(formTeams(shuffled, NOW, shape, flat))).toEqual(ids(expected));
        // Fractional join times take the comparator sort instead of the packed numeric keys; same order, same matches.
        const fractional = tickets.map((t) => ({ ...t, joinedAt: t.joinedAt + 0.5 }));
        expect(ids(formTeams(fractional, NOW, shape, flat))).toEqual(ids(expected));
      }),
      { numRuns: 200 },
    );
  });

  it('takes the oldest ticket as the first anchor, ties in rating order', () => {
    // Six tickets fit one 2v2 at most once; the oldest (c, 1300) decides which neighbours are grouped with it.
    const tickets = [solo('a', 1000, 1), solo('b', 1100, 1), solo('c', 1300, 9), solo('d', 1310, 1), solo('e', 1320, 1), solo('f', 1330, 1)];
    const [match] = formTeams(tickets, NOW, { teams: 2, teamSize: 2 }, { baseWindow: 400, windowGrowthPerSecond: 0, maxWindow: 400 });
    expect(match.teams.flat().map((t) => t.playerId).sort()).toEqual(['c', 'd', 'e', 'f']);
    // z and a joined together, first: z is lower in rating order, so it anchors first (a player-id tie would pick a).
    const tied = [solo('z', 1000, 5), solo('b', 1010, 1), solo('c', 1020, 1), solo('d', 1030, 1), solo('a', 1040, 5)];
    const matches = formTeams(tied, NOW, { teams: 2, teamSize: 2 }, { baseWindow: 50, windowGrowthPerSecond: 0, maxWindow: 50 });
    expect(matches.map((m) => m.teams.flat().map((t) => t.playerId).sort().join(''))).toEqual(['bcdz']);
  });

  it('swaps a further candidate into the group when that balances the teams better', () => {
    // Nearest four: 1000, 1001, 1002, 1040 split at best 1000+1040 vs 1001+1002 (18.5 apart); 1041 for 1002 gives 0.
    const tickets = [solo('a', 1000, 10), solo('b', 1001), solo('c', 1002), solo('d', 1040), solo('e', 1041)];
    const [match, ...rest] = formTeams(tickets, NOW, { teams: 2, teamSize: 2 }, POLICY);
    expect(rest).toEqual([]);
    expect(match.teams.flat().map((t) => t.playerId).sort()).toEqual(['a', 'b', 'd', 'e']);
    expect(match.imbalance).toBe(0);
    expect(match.windows.flat()).toEqual(match.teams.flat().map((t) => windowFor(waitedSeconds(t.joinedAt, NOW), POLICY)));
  });

  it('does not swap in a ticket that is outside another member\'s window, however well it would balance', () => {
    // 1052 for 1002 would lower the imbalance from 18.5 to 5.5, but 1052 and 1000 are 52 apart and 1052's window is 50.
    const policy: WindowPolicy = { baseWindow: 50, windowGrowthPerSecond: 20, maxWindow: 400 };
    const tickets = [solo('a', 1000, 10), solo('b', 1001), solo('c', 1002), solo('d', 1040), solo('e', 1052)];
    const [match] = formTeams(tickets, NOW, { teams: 2, teamSize: 2 }, policy);
    expect(match.teams.flat().map((t) => t.playerId).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(match.imbalance).toBe(18.5);
  });

  it('leaves no formable match of solo players behind when every window covers the whole queue', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1000, max: 1100 }), { maxLength: 30 }), shapeArb, (ratings, shape) => {
        const tickets = ratings.map((r, i) => solo(`s${i}`, r, 20));
        const matches = formTeams(tickets, NOW, shape, POLICY);
        const seats = shape.teams * shape.teamSize;
        expect(matches).toHaveLength(Math.floor(tickets.length / seats));
      }),
    );
  });
});

describe('balanceTeams', () => {
  it('falls back to a swap-improved split past its search budget and stays within 10% of the spread on 8 teams of 8', () => {
    const tickets = Array.from({ length: 64 }, (_, i) => solo(`s${i}`, 1000 + ((i * 37) % 400)));
    const split = balanceTeams(tickets, { teams: 8, teamSize: 8 })!;
    expect(split.teams.every((t) => t.length === 8)).toBe(true);
    expect(split.imbalance).toBeLessThan(40);
    expect(Math.abs(teamMean(split.teams[0]) - teamMean(split.teams[1]))).toBeLessThanOrEqual(split.imbalance);
  });
});

describe('formMatches', () => {
  it('is exactly the 1v1 pairing for 1v1 modes', () => {
    const tickets = [solo('a', 1000), solo('b', 1050), solo('c', 1070), solo('d', 1300, 30)];
    const { pairs } = pairTicketsExact(tickets, NOW, POLICY);
    const { matches } = formMatches(tickets, NOW, { teams: 2, teamSize: 1 }, POLICY);
    expect(matches.map((m) => [m.teams[0][0].playerId, m.teams[1][0].playerId])).toEqual(pairs.map((p) => [p.a.playerId, p.b.playerId]));
    expect(matches.map((m) => m.spread)).toEqual(pairs.map((p) => p.gap));
  });
});
