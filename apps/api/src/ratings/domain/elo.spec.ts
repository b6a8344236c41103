import fc from 'fast-check';
import { EloRatingSystem } from './elo';
import { Outcome, OUTCOMES, RatingState, roundHalfAwayFromZero } from './rating-system';

const elo = new EloRatingSystem({ initialRating: 1200, seasonReset: 0.5, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 });

describe('EloRatingSystem.calculateRatingChange', () => {
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
    expect(new EloRatingSystem({ initialRating: 1200, seasonReset: 0.5, kFactor: 20, provisionalKFactor: 40, provisionalGames: 0 }).calculateRatingChange(1200, 1200, 1)).toBe(10);
  });
});

describe('EloRatingSystem.rateMatch', () => {
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
    const provisional = new EloRatingSystem({ initialRating: 1200, seasonReset: 0.5, kFactor: 32, provisionalKFactor: 40, provisionalGames: 5 });
    expect(provisional.kFor(0)).toBe(40);
    expect(provisional.kFor(4)).toBe(40);
    expect(provisional.kFor(5)).toBe(32);
    const result = provisional.rateMatch({ rating: 1200, gamesPlayed: 0 }, { rating: 1200, gamesPlayed: 10 }, 1);
    expect(result.a.change).toBe(20);
    expect(result.b.change).toBe(-16);
  });
});

describe('EloRatingSystem properties', () => {
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

describe('EloRatingSystem.rate (the RatingSystem port)', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  const player = (rating: number, gamesPlayed = 10): RatingState => ({ ...elo.initial(), rating, gamesPlayed });

  it('rates a 1v1 through the port with exactly the two-player numbers', () => {
    const [[a], [b]] = elo.rate([[player(1400)], [player(1200)]], [2, 1], at);
    expect(a).toMatchObject({ change: -24, details: { k: 32 }, score: 0 });
    expect(a.after).toMatchObject({ rating: 1376, gamesPlayed: 11, ratedAt: at, rd: null, volatility: null, mu: null, sigma: null });
    expect(b.after.rating).toBe(1224);
    const [[draw]] = elo.rate([[player(1500)], [player(1500)]], [1, 1], at);
    expect(Object.is(draw.change, 0)).toBe(true);
  });

  it('rates teams by their mean ratings: every player of a team gets the same change with the same K', () => {
    // Means 1300 and 1200: expected 0.64006, change 32 × (1 − 0.64006) = 11.5 → 12.
    const [winners, losers] = elo.rate([[player(1400), player(1200)], [player(1250), player(1150)]], [1, 2], at);
    expect(winners.map((u) => u.change)).toEqual([12, 12]);
    expect(losers.map((u) => u.change)).toEqual([-12, -12]);
    expect(winners[0].expected).toBeCloseTo(0.64006, 5);
  });

  it('rates a free-for-all pairwise against each other team, divided by the number of opponents', () => {
    // Four equals: first beats three (3 × 0.5 / 3 × 32 = 16), last loses to three (−16), the two in the middle tie.
    const results = elo.rate([[player(1200)], [player(1200)], [player(1200)], [player(1200)]], [1, 2, 2, 4], at);
    expect(results.map(([u]) => u.change)).toEqual([16, 0, 0, -16]);
  });

  it('gives the worked examples of docs/ratings.md', () => {
    // 2v2: team means 1200 and 1250; the second team wins. Expected of the first team 1 / (1 + 10^(50/400)) = 0.42854,
    // so each of its players moves round(32 × (0 − 0.42854)) = −14 and each winner +14: teammates move together.
    const [first, second] = elo.rate([[player(1300), player(1100)], [player(1250), player(1250)]], [2, 1], at);
    expect(first.map((u) => [u.before.rating, u.after.rating, u.change])).toEqual([[1300, 1286, -14], [1100, 1086, -14]]);
    expect(second.map((u) => [u.before.rating, u.after.rating, u.change])).toEqual([[1250, 1264, 14], [1250, 1264, 14]]);
    expect(first[0].expected).toBeCloseTo(0.42854, 5);
    // Free-for-all of four, placements [2, 1, 3, 4]: 1400 loses to 1300 but beats 1200 and 1100:
    // round(32 × ((0 − 0.64006) + (1 − 0.75975) + (1 − 0.84902)) / 3) = round(−2.654) = −3.
    const ffa = elo.rate([[player(1400)], [player(1300)], [player(1200)], [player(1100)]], [2, 1, 3, 4], at);
    expect(ffa.map(([u]) => u.change)).toEqual([-3, 13, -3, -8]);
  });

  it('pulls a rating halfway toward the initial rating at a season reset', () => {
    expect(elo.seasonReset(player(1600)).rating).toBe(1400);
    expect(elo.seasonReset(player(1000)).rating).toBe(1100);
    expect(elo.uncertainty()).toBe(0);
  });

  it('is zero-sum between two teams of equal size and K, and never takes points from winners', () => {
    const team = fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(team, fc.nat(10), fc.constantFrom(...OUTCOMES), (ratings, shift, o) => {
        const other = ratings.map((r) => r + shift);
        const [x, y] = elo.rate([ratings.map((r) => player(r)), other.map((r) => player(r))], o === 0.5 ? [1, 1] : o === 1 ? [1, 2] : [2, 1], at);
        const sum = [...x, ...y].reduce((s, u) => s + u.change, 0);
        expect(sum).toBe(0);
        if (o === 1) expect(x.every((u) => u.change >= 0)).toBe(true);
      }),
    );
  });
});
