import { winRate } from './player.model';

describe('winRate', () => {
  it('is 0 before any game and wins / games after', () => {
    expect(winRate({ wins: 0, gamesPlayed: 0 })).toBe(0);
    expect(winRate({ wins: 1, gamesPlayed: 3 })).toBe(0.3333);
    expect(winRate({ wins: 2, gamesPlayed: 2 })).toBe(1);
  });
});
