import { MatchResult } from './match-result.model';
import { decideReport } from './match-result.policy';
import { ReportAlreadySubmittedError, ResultAlreadyAppliedError, ResultDisputedError, ResultSessionNotFoundError, SessionNotOpenError } from './ratings.errors';

const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const active = { id: 's1', status: 'active' as const };

function result(partial: Partial<MatchResult>): MatchResult {
  const at = new Date(0);
  return {
    sessionId: 's1',
    playerIds: [A, B],
    pool: 'default',
    status: 'pending',
    reports: [],
    outcome: null,
    source: null,
    changes: [],
    rated: true,
    createdAt: at,
    updatedAt: at,
    appliedAt: null,
    cacheSynced: true,
    ...partial,
  };
}

const pendingFromA = (outcome: 0 | 0.5 | 1) => result({ reports: [{ reporter: A, outcome, at: new Date(0) }] });

describe('decideReport', () => {
  it('applies a server report at once', () => {
    expect(decideReport(null, active, 'server', 1)).toEqual({ kind: 'apply', outcome: 1, source: 'server' });
    expect(decideReport(pendingFromA(0), active, 'server', 1)).toEqual({ kind: 'apply', outcome: 1, source: 'server' });
  });

  it('keeps a single player report pending, whoever it favours', () => {
    expect(decideReport(null, active, A, 1)).toEqual({ kind: 'record' });
    expect(decideReport(null, { id: 's1', status: 'waiting' }, B, 0)).toEqual({ kind: 'record' });
  });

  it('applies when the opponent agrees and disputes when they do not', () => {
    expect(decideReport(pendingFromA(1), active, B, 1)).toEqual({ kind: 'apply', outcome: 1, source: 'players' });
    expect(decideReport(pendingFromA(0.5), active, B, 0.5)).toEqual({ kind: 'apply', outcome: 0.5, source: 'players' });
    expect(decideReport(pendingFromA(1), active, B, 0)).toEqual({ kind: 'dispute' });
  });

  it('replays a repeated report and refuses a changed one', () => {
    expect(decideReport(pendingFromA(1), active, A, 1)).toEqual({ kind: 'replay_pending' });
    const changed = decideReport(pendingFromA(1), active, A, 0);
    expect(changed.kind === 'reject' && changed.error).toBeInstanceOf(ReportAlreadySubmittedError);
  });

  it('replays the same applied result and refuses a different one', () => {
    const applied = result({ status: 'applied', outcome: 1 });
    const completed = { id: 's1', status: 'completed' as const };
    expect(decideReport(applied, completed, 'server', 1)).toEqual({ kind: 'replay_applied' });
    expect(decideReport(applied, completed, B, 1)).toEqual({ kind: 'replay_applied' });
    const different = decideReport(applied, completed, 'server', 0.5);
    expect(different.kind === 'reject' && different.error).toBeInstanceOf(ResultAlreadyAppliedError);
  });

  it('lets only a server settle a disputed session', () => {
    const disputed = result({ status: 'disputed' });
    const session = { id: 's1', status: 'disputed' as const };
    expect(decideReport(disputed, session, 'server', 0)).toEqual({ kind: 'apply', outcome: 0, source: 'server' });
    const player = decideReport(disputed, session, A, 1);
    expect(player.kind === 'reject' && player.error).toBeInstanceOf(ResultDisputedError);
  });

  it('refuses results for sessions that ended without a game result', () => {
    for (const status of ['abandoned', 'disputed'] as const) {
      const decision = decideReport(null, { id: 's1', status }, 'server', 1);
      expect(decision.kind === 'reject' && decision.error).toBeInstanceOf(SessionNotOpenError);
    }
  });

  it('treats a deleted session as gone, except for replaying its applied result', () => {
    const closed = { id: 's1', status: 'completed' as const, closed: true };
    const gone = decideReport(null, closed, 'server', 1);
    expect(gone.kind === 'reject' && gone.error).toBeInstanceOf(ResultSessionNotFoundError);
    expect(decideReport(result({ status: 'applied', outcome: 1 }), closed, 'server', 1)).toEqual({ kind: 'replay_applied' });
  });

  it('takes the result of a session a game server already marked completed', () => {
    expect(decideReport(null, { id: 's1', status: 'completed' }, 'server', 0)).toEqual({ kind: 'apply', outcome: 0, source: 'server' });
    expect(decideReport(null, { id: 's1', status: 'completed' }, A, 0)).toEqual({ kind: 'record' });
  });
});
