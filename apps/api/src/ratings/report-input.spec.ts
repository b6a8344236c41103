import { reportedPlacements } from './report-input';
import { InvalidPlacementsError, NotOneVersusOneError, PlayerNotInSessionError } from './ratings.errors';

describe('reportedPlacements', () => {
  const duel = { id: 's', playerIds: ['a', 'b'], teams: [['a'], ['b']] };
  const twoVsTwo = { id: 's', playerIds: ['a', 'b', 'c', 'd'], teams: [['a', 'b'], ['c', 'd']] };

  it('turns a 1v1 outcome from either side into placements', () => {
    expect(reportedPlacements(duel, { playerId: 'a', outcome: 1 })).toEqual([1, 2]);
    expect(reportedPlacements(duel, { playerId: 'b', outcome: 0 })).toEqual([1, 2]);
    expect(reportedPlacements(duel, { playerId: 'b', outcome: 1 })).toEqual([2, 1]);
    expect(reportedPlacements(duel, { playerId: 'a', outcome: 0.5 })).toEqual([1, 1]);
  });

  it('takes placements for any session, canonically ranked', () => {
    expect(reportedPlacements(duel, { placements: [2, 2] })).toEqual([1, 1]);
    expect(reportedPlacements(twoVsTwo, { placements: [2, 1] })).toEqual([2, 1]);
    expect(reportedPlacements({ id: 's', playerIds: ['p', 'q', 'r', 's'], teams: [['p'], ['q'], ['r'], ['s']] }, { placements: [1, 2, 2, 3] })).toEqual([1, 2, 2, 4]);
  });

  it('refuses a 1v1 body for a team session, an outsider, and placements that do not fit the teams', () => {
    expect(() => reportedPlacements(twoVsTwo, { playerId: 'a', outcome: 1 })).toThrow(NotOneVersusOneError);
    expect(() => reportedPlacements(duel, { playerId: 'z', outcome: 1 })).toThrow(PlayerNotInSessionError);
    expect(() => reportedPlacements(twoVsTwo, { placements: [1, 2, 3] })).toThrow(InvalidPlacementsError);
    expect(() => reportedPlacements(twoVsTwo, { placements: [1, 3] })).toThrow('Invalid placements for session s: placements[1] must be a whole number from 1 to 2 (the number of teams), got 3');
  });
});
