import { teamConsensus } from './report-consensus';

describe('teamConsensus', () => {
  const teams = [['a1', 'a2'], ['b1', 'b2']];
  const ffa = [['p'], ['q'], ['r'], ['s']];

  it('agrees once one player of every team reported the same placements', () => {
    expect(teamConsensus(teams, [{ reporter: 'a1', placements: [1, 2] }], { reporter: 'b2', placements: [1, 2] })).toEqual({ kind: 'agreed' });
    expect(teamConsensus([['a'], ['b']], [{ reporter: 'a', placements: [1, 1] }], { reporter: 'b', placements: [2, 2] })).toEqual({ kind: 'agreed' });
  });

  it('waits for the teams nobody has reported for', () => {
    expect(teamConsensus(teams, [], { reporter: 'a1', placements: [1, 2] })).toEqual({ kind: 'waiting', missingTeams: [1] });
    expect(teamConsensus(teams, [{ reporter: 'a1', placements: [1, 2] }], { reporter: 'a2', placements: [1, 2] })).toEqual({ kind: 'waiting', missingTeams: [1] });
    const three = [
      { reporter: 'p', placements: [1, 2, 3, 4] },
      { reporter: 'r', placements: [1, 2, 3, 4] },
    ];
    expect(teamConsensus(ffa, three, { reporter: 's', placements: [1, 2, 3, 4] })).toEqual({ kind: 'waiting', missingTeams: [1] });
    expect(teamConsensus(ffa, [...three, { reporter: 's', placements: [1, 2, 3, 4] }], { reporter: 'q', placements: [1, 2, 3, 4] })).toEqual({ kind: 'agreed' });
  });

  it('is a conflict when the report differs from any stored one, a teammate\'s included', () => {
    expect(teamConsensus(teams, [{ reporter: 'a1', placements: [1, 2] }], { reporter: 'a2', placements: [2, 1] })).toEqual({ kind: 'conflict' });
    expect(teamConsensus(teams, [{ reporter: 'a1', placements: [1, 2] }], { reporter: 'b1', placements: [1, 1] })).toEqual({ kind: 'conflict' });
    expect(teamConsensus(ffa, [{ reporter: 'p', placements: [1, 2, 3, 4] }], { reporter: 'q', placements: [1, 2, 4, 3] })).toEqual({ kind: 'conflict' });
  });
});
