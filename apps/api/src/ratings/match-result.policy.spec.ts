import { MatchResult } from './match-result.model';
import { decideReport } from './match-result.policy';
import { ReportAlreadySubmittedError, ResultAlreadyAppliedError, ResultDisputedError, ResultSessionNotFoundError, SessionNotOpenError } from './ratings.errors';

const A = 'a'.repeat(24);
const B = 'b'.repeat(24);
const C = 'c'.repeat(24);
const D = 'd'.repeat(24);
const duel = [[A], [B]];
const active = { id: 's1', status: 'active' as const, teams: duel };
const WIN = [1, 2];
const LOSS = [2, 1];
const DRAW = [1, 1];

function result(partial: Partial<MatchResult>): MatchResult {
  const at = new Date(0);
  return {
    sessionId: 's1',
    teams: duel,
    playerIds: [A, B],
    pool: 'default',
    status: 'pending',
    reports: [],
    placements: null,
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

const pendingFrom = (reporter: string, placements: number[], teams = duel) => result({ teams, reports: [{ reporter, placements, at: new Date(0) }] });
const pendingFromA = (placements: number[]) => pendingFrom(A, placements);

describe('decideReport', () => {
  it('applies a server report at once', () => {
    expect(decideReport(null, active, 'server', WIN)).toEqual({ kind: 'apply', placements: WIN, source: 'server' });
    expect(decideReport(pendingFromA(LOSS), active, 'server', WIN)).toEqual({ kind: 'apply', placements: WIN, source: 'server' });
  });

  it('keeps a single player report pending, whoever it favours', () => {
    expect(decideReport(null, active, A, WIN)).toEqual({ kind: 'record' });
    expect(decideReport(null, { ...active, status: 'waiting' }, B, LOSS)).toEqual({ kind: 'record' });
  });

  it('applies when the opponent agrees and disputes when they do not', () => {
    expect(decideReport(pendingFromA(WIN), active, B, WIN)).toEqual({ kind: 'apply', placements: WIN, source: 'players' });
    expect(decideReport(pendingFromA(DRAW), active, B, DRAW)).toEqual({ kind: 'apply', placements: DRAW, source: 'players' });
    expect(decideReport(pendingFromA(WIN), active, B, LOSS)).toEqual({ kind: 'dispute' });
  });

  it('replays a repeated report and refuses a changed one', () => {
    expect(decideReport(pendingFromA(WIN), active, A, WIN)).toEqual({ kind: 'replay_pending' });
    const changed = decideReport(pendingFromA(WIN), active, A, LOSS);
    expect(changed.kind === 'reject' && changed.error).toBeInstanceOf(ReportAlreadySubmittedError);
  });

  it('replays the same applied result and refuses a different one', () => {
    const applied = result({ status: 'applied', placements: WIN });
    const completed = { ...active, status: 'completed' as const };
    expect(decideReport(applied, completed, 'server', WIN)).toEqual({ kind: 'replay_applied' });
    expect(decideReport(applied, completed, B, WIN)).toEqual({ kind: 'replay_applied' });
    const different = decideReport(applied, completed, 'server', DRAW);
    expect(different.kind === 'reject' && different.error).toBeInstanceOf(ResultAlreadyAppliedError);
  });

  it('lets only a server settle a disputed session', () => {
    const disputed = result({ status: 'disputed' });
    const session = { ...active, status: 'disputed' as const };
    expect(decideReport(disputed, session, 'server', LOSS)).toEqual({ kind: 'apply', placements: LOSS, source: 'server' });
    const player = decideReport(disputed, session, A, WIN);
    expect(player.kind === 'reject' && player.error).toBeInstanceOf(ResultDisputedError);
  });

  it('refuses results for sessions that ended without a game result', () => {
    for (const status of ['abandoned', 'disputed'] as const) {
      const decision = decideReport(null, { ...active, status }, 'server', WIN);
      expect(decision.kind === 'reject' && decision.error).toBeInstanceOf(SessionNotOpenError);
    }
  });

  it('treats a deleted session as gone, except for replaying its applied result', () => {
    const closed = { ...active, status: 'completed' as const, closed: true };
    const gone = decideReport(null, closed, 'server', WIN);
    expect(gone.kind === 'reject' && gone.error).toBeInstanceOf(ResultSessionNotFoundError);
    expect(decideReport(result({ status: 'applied', placements: WIN }), closed, 'server', WIN)).toEqual({ kind: 'replay_applied' });
  });

  it('takes the result of a session a game server already marked completed', () => {
    expect(decideReport(null, { ...active, status: 'completed' }, 'server', LOSS)).toEqual({ kind: 'apply', placements: LOSS, source: 'server' });
    expect(decideReport(null, { ...active, status: 'completed' }, A, LOSS)).toEqual({ kind: 'record' });
  });

  describe('teams', () => {
    const teams = [[A, B], [C, D]];
    const session = { id: 's1', status: 'active' as const, teams };

    it('applies once one player of each team reported the same placements; a teammate alone is not enough', () => {
      const fromA = pendingFrom(A, WIN, teams);
      expect(decideReport(fromA, session, B, WIN)).toEqual({ kind: 'record' });
      expect(decideReport(fromA, session, C, WIN)).toEqual({ kind: 'apply', placements: WIN, source: 'players' });
      expect(decideReport(fromA, session, D, [1, 2])).toEqual({ kind: 'apply', placements: WIN, source: 'players' });
    });

    it('disputes on any differing report, a teammate\'s included', () => {
      const fromA = pendingFrom(A, WIN, teams);
      expect(decideReport(fromA, session, B, LOSS)).toEqual({ kind: 'dispute' });
      expect(decideReport(fromA, session, C, DRAW)).toEqual({ kind: 'dispute' });
    });

    it('compares placements by the order they give the teams', () => {
      const applied = result({ teams, status: 'applied', placements: DRAW });
      expect(decideReport(applied, { ...session, status: 'completed' }, 'server', [2, 2])).toEqual({ kind: 'replay_applied' });
    });
  });
});
