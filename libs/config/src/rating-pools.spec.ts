import { parsePools } from './rating-pools';

const elo = { initial: 1200, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 };

describe('parsePools', () => {
  it('adds the default pool as today’s Elo when the file has no pools', () => {
    const { pools, problems } = parsePools(undefined, 'file', elo);
    expect(problems).toEqual([]);
    expect(pools).toEqual([{ name: 'default', system: 'elo', initialRating: 1200, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0, seasonReset: 0.5 }]);
  });

  it('fills each system’s defaults (Glicko-2: the paper’s; OpenSkill: Plackett-Luce) and keeps default first', () => {
    const { pools, problems } = parsePools([{ name: 'glicko', system: 'glicko2' }, { name: 'openskill', system: 'openskill', tau: 0 }], 'file', elo);
    expect(problems).toEqual([]);
    expect(pools.map((p) => p.name)).toEqual(['default', 'glicko', 'openskill']);
    expect(pools[1]).toMatchObject({ system: 'glicko2', initialRating: 1500, initialRd: 350, initialVolatility: 0.06, tau: 0.5, ratingPeriodMs: 24 * 3_600_000 });
    expect(pools[2]).toMatchObject({ system: 'openskill', model: 'plackett_luce', mu: 25, sigma: 25 / 3, beta: 25 / 6, tau: 0 });
  });

  it('reports every invalid parameter with where it is', () => {
    const { problems } = parsePools(
      [
        { name: 'a', system: 'glicko2', tau: -1, initial_rd: 0 },
        { name: 'b', system: 'trueskill' },
        { name: 'a', system: 'elo' },
        { name: 'c', system: 'openskill', model: 'nope', k: 3 },
      ],
      'file',
      elo,
    );
    expect(problems).toEqual([
      'file: pools[0] (a).initial_rd must be a number between 1 and 1000 (got 0)',
      'file: pools[0] (a).tau must be a number between 0.01 and 3 (got -1)',
      'file: pools[1] (b).system must be one of elo, glicko2, openskill (got "trueskill")',
      'file: pools[2] (a): duplicate pool name',
      'file: pools[3] (c): unknown openskill parameter "k"',
      'file: pools[3] (c).model must be one of plackett_luce, bradley_terry_full, bradley_terry_part, thurstone_mosteller_full, thurstone_mosteller_part (got "nope")',
    ]);
  });
});
