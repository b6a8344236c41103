import { canTransition, endsAsAbandoned, holdsPlayers, isFinished, SessionStatus, statusAfterDelete } from './session-status';

const ALL: SessionStatus[] = ['pending_acceptance', 'waiting', 'active', 'completed', 'abandoned', 'disputed', 'cancelled'];
const ALLOWED = new Set(['waiting>active', 'active>completed', 'waiting>abandoned', 'active>abandoned']);

describe('session status machine', () => {
  it('allows exactly waiting→active→completed and waiting|active→abandoned', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect([`${from}>${to}`, canTransition(from, to)]).toEqual([`${from}>${to}`, ALLOWED.has(`${from}>${to}`)]);
      }
    }
  });

  it('treats completed, abandoned, disputed and cancelled as finished; only waiting and active hold their players', () => {
    expect(ALL.filter(isFinished)).toEqual(['completed', 'abandoned', 'disputed', 'cancelled']);
    expect(ALL.filter(holdsPlayers)).toEqual(['waiting', 'active']);
  });

  it('ends an unfinished session as abandoned on delete, cancels a pending invitation and keeps a finished status', () => {
    expect(ALL.map(statusAfterDelete)).toEqual(['cancelled', 'abandoned', 'abandoned', 'completed', 'abandoned', 'disputed', 'cancelled']);
  });

  it('counts an abandonment only when an unfinished session becomes abandoned', () => {
    expect(endsAsAbandoned('waiting', 'abandoned')).toBe(true);
    expect(endsAsAbandoned('active', 'abandoned')).toBe(true);
    expect(endsAsAbandoned('abandoned', 'abandoned')).toBe(false);
    expect(endsAsAbandoned('active', 'completed')).toBe(false);
    // Invited players who never accepted are never counted.
    expect(endsAsAbandoned('pending_acceptance', 'abandoned')).toBe(false);
    expect(endsAsAbandoned('pending_acceptance', 'cancelled')).toBe(false);
  });
});
