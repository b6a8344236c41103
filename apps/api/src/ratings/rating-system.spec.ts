import fc from 'fast-check';
import { Outcome, OUTCOMES, RatingSystem, roundHalfAwayFromZero } from './rating-system';

const elo = new RatingSystem({ kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 });

describe('RatingSystem.calculateRatingChange', () => {
  // Hand-checked: expected(1400 v 1200) = 1 / (1 + 10^(-0.5)) = 0.75975; expected(1600 v 1200) = 1 / 1.1 = 0.90909.
  it.each([
    [1200, 1200, 1, 32, 16],
    [1200, 1200, 0, 32, -16],
    [1200, 1200, 0.5, 32, 0],
    [1400, 1200, 1, 32, 8], // 32 × 0.24025 = 7.69
    [1200, 1400, 1, 32, 24], // 32 × 0.75975 = 24.31
    [1400, 1200, 0, 32, -24],
    [1200, 1400, 0, 32, -8],
    [1400, 1200, 0.5, 32, -8], // 32 × (0.5 − 0.75975) = −8.31
    [1200, 1400, 0.5, 32, 8],
    [1600, 1200, 1, 32, 3], // 32 × 0.09091 = 2.91
    [1600, 1200, 0, 32, -29], // 32 × −0.90909 = −29.09
    [1200, 1200, 1, 16, 8],
    [1200, 1200, 1, 25, 13], // 12.5 rounds away from zero
    [1200, 1200, 0, 25, -13],
  ])('%i v %i, outcome %s, K %i → %i', (player, opponent, outcome, k, change) => {
    expect(elo.calculateRatingChange(player, opponent, outcome as Outcome, k)).toBe(change);
  });

  it('uses the configured K by default', () => {
    expect(new RatingSystem({ kFactor: 20, provisionalKFactor: 40, provisionalGames: 0 }).calculateRatingChange(1200, 1200, 1)).toBe(10);
  });
});

describe('RatingSystem.rateMatch', () => {
  it('rates both sides and reports expected scores and K', () => {
    const result = elo.rateMatch({ rating: 1400, gamesPlayed: 3 }, { rating: 1200, gamesPlayed: 7 }, 0);
    expect(result.a).toMatchObject({ oldRating: 1400, newRating: 1376, change: -24, k: 32, outcome: 0 });
    expect(result.b).toMatchObject({ oldRating: 1200, newRating: 1224, change: 24, k: 32, outcome: 1 });
    expect(result.a.expected).toBeCloseTo(0.75975, 5);
    expect(result.b.expected).toBeCloseTo(0.24025, 5);
  });

  it('gives a draw between equals no change and never a negative zero', () => {
    const result = elo.rateMatch({ rating: 1500, gamesPlayed: 0 }, { rating: 1500, gamesPlayed: 0 }, 0.5);
    expect(Object.is(result.a.change, 0)).toBe(true);
    expect(Object.is(result.b.change, 0)).toBe(true);
  });

  it('uses the provisional K for a player still within the first games, each side with its own K', () => {
    const provisional = new RatingSystem({ kFactor: 32, provisionalKFactor: 40, provisionalGames: 5 });
    expect(provisional.kFor(0)).toBe(40);
    expect(provisional.kFor(4)).toBe(40);
    expect(provisional.kFor(5)).toBe(32);
    const result = provisional.rateMatch({ rating: 1200, gamesPlayed: 0 }, { rating: 1200, gamesPlayed: 10 }, 1);
    expect(result.a.change).toBe(20);
    expect(result.b.change).toBe(-16);
  });
});

describe('RatingSystem properties', () => {
  const rating = fc.integer({ min: 0, max: 4000 });
  const outcome = fc.constantFrom(...OUTCOMES);
  const k = fc.integer({ min: 1, max: 400 });

  it('is symmetric: the opponent seen from the other side gets the negated change', () => {
    fc.assert(
      fc.property(rating, rating, outcome, k, (a, b, o, kf) => {
        const mine = elo.calculateRatingChange(a, b, o, kf);
        const theirs = elo.calculateRatingChange(b, a, (1 - o) as Outcome, kf);
        expect(mine + theirs).toBe(0);
      }),
    );
  });

  it('is zero-sum for two players with the same K', () => {
    fc.assert(
      fc.property(rating, rating, outcome, fc.nat(100), fc.nat(100), (a, b, o, gamesA, gamesB) => {
        const result = elo.rateMatch({ rating: a, gamesPlayed: gamesA }, { rating: b, gamesPlayed: gamesB }, o);
        expect(result.a.change + result.b.change).toBe(0);
        expect(result.a.newRating + result.b.newRating).toBe(a + b);
      }),
    );
  });

  it('never moves a rating by more than K, and integers only', () => {
    fc.assert(
      fc.property(rating, rating, outcome, k, (a, b, o, kf) => {
        const change = elo.calculateRatingChange(a, b, o, kf);
        expect(Number.isInteger(change)).toBe(true);
        expect(Math.abs(change)).toBeLessThanOrEqual(kf);
      }),
    );
  });

  it('never takes points from a winner or gives points to a loser', () => {
    fc.assert(
      fc.property(rating, rating, k, (a, b, kf) => {
        expect(elo.calculateRatingChange(a, b, 1, kf)).toBeGreaterThanOrEqual(0);
        expect(elo.calculateRatingChange(a, b, 0, kf)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('rewards the lower-rated player more for a win', () => {
    fc.assert(
      fc.property(rating, rating, (a, b) => {
        fc.pre(a < b);
        expect(elo.calculateRatingChange(a, b, 1)).toBeGreaterThanOrEqual(elo.calculateRatingChange(b, a, 1));
      }),
    );
  });

  it('rounds halves away from zero', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(-0.4)).toBe(0);
    expect(Object.is(roundHalfAwayFromZero(-0.4), 0)).toBe(true);
  });
});
