import { canTransition, endsAsAbandoned, isFinished, SessionStatus, statusAfterDelete } from './session-status';

const ALL: SessionStatus[] = ['waiting', 'active', 'completed', 'abandoned', 'disputed'];
const ALLOWED = new Set(['waiting>active', 'active>completed', 'waiting>abandoned', 'active>abandoned']);

describe('session status machine', () => {
  it('allows exactly waiting→active→completed and waiting|active→abandoned', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect([`${from}>${to}`, canTransition(from, to)]).toEqual([`${from}>${to}`, ALLOWED.has(`${from}>${to}`)]);
      }
    }
  });

  it('treats completed, abandoned and disputed as finished', () => {
    expect(ALL.filter(isFinished)).toEqual(['completed', 'abandoned', 'disputed']);
  });

  it('ends an unfinished session as abandoned on delete and keeps a finished status', () => {
    expect(ALL.map(statusAfterDelete)).toEqual(['abandoned', 'abandoned', 'completed', 'abandoned', 'disputed']);
  });

  it('counts an abandonment only when an unfinished session becomes abandoned', () => {
    expect(endsAsAbandoned('waiting', 'abandoned')).toBe(true);
    expect(endsAsAbandoned('active', 'abandoned')).toBe(true);
    expect(endsAsAbandoned('abandoned', 'abandoned')).toBe(false);
    expect(endsAsAbandoned('active', 'completed')).toBe(false);
  });
});
