import { isRatedSession } from './unrated-sessions';

describe('isRatedSession', () => {
  it('rates matchmaker and server sessions in every mode', () => {
    expect(isRatedSession({ origin: 'matchmaker', mode: 'ranked_1v1' }, [])).toBe(true);
    expect(isRatedSession({ origin: 'server', mode: 'anything' }, [])).toBe(true);
  });

  it('rates player sessions only in modes that allow it', () => {
    expect(isRatedSession({ origin: 'player', mode: 'ranked_1v1' }, [])).toBe(false);
    expect(isRatedSession({ origin: 'player', mode: 'ranked_1v1' }, ['scrim'])).toBe(false);
    expect(isRatedSession({ origin: 'player', mode: 'scrim' }, ['scrim'])).toBe(true);
  });
});
