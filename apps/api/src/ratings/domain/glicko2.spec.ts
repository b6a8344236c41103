import fc from 'fast-check';
import { glicko2Update, Glicko2RatingSystem } from './glicko2';
import { RatingState } from './rating-system';

const HOUR = 3_600_000;
const glicko = new Glicko2RatingSystem({ initialRating: 1500, initialRd: 350, initialVolatility: 0.06, tau: 0.5, ratingPeriodMs: 24 * HOUR, seasonReset: 0.5 });
const at = new Date('2026-01-01T00:00:00Z');
const state = (rating: number, rd: number, volatility = 0.06, gamesPlayed = 5, ratedAt: Date | null = at): RatingState => ({
  rating,
  rd,
  volatility,
  mu: null,
  sigma: null,
  gamesPlayed,
  ratedAt,
});

describe('glicko2Update (Glickman, "Example of the Glicko-2 system")', () => {
  it('reproduces the paper’s worked example', () => {
    const result = glicko2Update(
      { rating: 1500, rd: 200, volatility: 0.06 },
      [
        { rating: 1400, rd: 30 },
        { rating: 1550, rd: 100 },
        { rating: 1700, rd: 300 },
      ],
      [1, 0, 0],
      0.5,
    );
    expect(Math.abs(result.rating - 1464.06)).toBeLessThan(0.01);
    expect(Math.abs(result.rd - 151.52)).toBeLessThan(0.01);
    expect(Math.abs(result.volatility - 0.05999)).toBeLessThan(0.00001);
  });

  it('only grows the RD of a player without games (step 6 alone)', () => {
    const result = glicko2Update({ rating: 1500, rd: 200, volatility: 0.06 }, [], [], 0.5);
    expect(result.rating).toBe(1500);
    expect(result.rd).toBeCloseTo(Math.sqrt((200 / 173.7178) ** 2 + 0.06 ** 2) * 173.7178, 9);
  });
});

describe('Glicko2RatingSystem', () => {
  it('starts from the configured rating, RD and volatility', () => {
    expect(glicko.initial()).toMatchObject({ rating: 1500, rd: 350, volatility: 0.06, mu: null, sigma: null, gamesPlayed: 0 });
    expect(glicko.fields(glicko.initial())).toEqual({ rating: 1500, rd: 350, volatility: 0.06, mu: null, sigma: null });
  });

  it('rates a 1v1 as one game per update, symmetric for two equal players', () => {
    const [[winner], [loser]] = glicko.rate([[glicko.initial()], [glicko.initial()]], [1, 2], at);
    expect(winner.after.rating).toBeGreaterThan(1500);
    expect(winner.after.rating - 1500).toBeCloseTo(1500 - loser.after.rating, 6);
    expect(winner.change).toBe(Math.round(winner.after.rating) - 1500);
    expect(winner.after.rd!).toBeLessThan(350);
    expect(winner.after).toMatchObject({ gamesPlayed: 1, ratedAt: at });
  });

  it('rates each player of a team against the other team as one composite opponent', () => {
    const [[a, b], [c]] = glicko.rate([[state(1600, 80), state(1400, 200)], [state(1500, 100)]], [2, 1], at);
    expect(a.after.rating).toBeLessThan(1600);
    expect(b.after.rating).toBeLessThan(1400);
    expect(c.after.rating).toBeGreaterThan(1500);
    // Each is rated with their own rating against the composite: the stronger teammate was expected to do better.
    expect(a.expected).toBeGreaterThan(b.expected);
    expect(c.expected).toBeCloseTo(0.5, 1);
  });

  it('grows the RD lazily by whole idle rating periods, capped at the initial RD', () => {
    const settled = state(1700, 50, 0.06, 30, at);
    expect(glicko.current(settled, new Date(at.getTime() + 23 * HOUR)).rd).toBe(50);
    const tenDays = glicko.current(settled, new Date(at.getTime() + 10 * 24 * HOUR + 5 * HOUR)).rd!;
    expect(tenDays).toBeCloseTo(Math.sqrt(50 ** 2 + 10 * (0.06 * 173.7178) ** 2), 9);
    expect(glicko.current(settled, new Date(at.getTime() + 10_000 * 24 * HOUR)).rd).toBe(350);
    expect(glicko.current(glicko.initial(), new Date()).rd).toBe(350);
  });

  it('softens a season: rating and RD halfway back to the initial values', () => {
    const reset = glicko.seasonReset(state(1900, 50));
    expect(reset.rating).toBe(1700);
    expect(reset.rd).toBe(200);
  });

  describe('properties', () => {
    const rating = fc.double({ min: 500, max: 2500, noNaN: true });
    const rd = fc.double({ min: 30, max: 350, noNaN: true });
    const placement = fc.constantFrom<[number, number]>([1, 2], [2, 1], [1, 1]);

    it('never gives a negative RD or volatility, and the RD shrinks after a game', () => {
      fc.assert(
        fc.property(rating, rd, rating, rd, placement, (r1, d1, r2, d2, p) => {
          const [[a], [b]] = glicko.rate([[state(r1, d1)], [state(r2, d2)]], p, at);
          for (const u of [a, b]) {
            expect(u.after.rd!).toBeGreaterThan(0);
            expect(u.after.volatility!).toBeGreaterThan(0);
            expect(u.after.rd!).toBeLessThan(u.before.rd!);
          }
        }),
      );
    });

    it('never lowers a winner or raises a loser in a 1v1', () => {
      fc.assert(
        fc.property(rating, rd, rating, rd, (r1, d1, r2, d2) => {
          const [[w], [l]] = glicko.rate([[state(r1, d1)], [state(r2, d2)]], [1, 2], at);
          expect(w.after.rating).toBeGreaterThanOrEqual(r1);
          expect(l.after.rating).toBeLessThanOrEqual(r2);
        }),
      );
    });

    it('grows the RD with idle periods, never past the initial RD', () => {
      fc.assert(
        fc.property(rd, fc.integer({ min: 1, max: 1000 }), (d, periods) => {
          const before = state(1500, d);
          const after = glicko.current(before, new Date(at.getTime() + periods * 24 * HOUR)).rd!;
          expect(after).toBeGreaterThanOrEqual(d);
          expect(after).toBeLessThanOrEqual(350);
          if (d < 340) expect(after).toBeGreaterThan(d);
        }),
      );
    });
  });
});
