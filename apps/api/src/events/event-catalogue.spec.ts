import { toStreamEvents } from './event-catalogue';

const meta = { traceId: 't-1', at: 0 };
const a = { playerId: 'a', username: 'ann', rating: 1210 };
const b = { playerId: 'b', username: 'bob', rating: 1190 };

describe('event catalogue', () => {
  it('sends match.found with both teams to every matched player', () => {
    const out = toStreamEvents('match.found', { sessionId: 's1', mode: 'ranked_1v1', teams: [[a], [b]] }, meta);
    expect(out.map((o) => o.to)).toEqual([{ player: 'a' }, { player: 'b' }]);
    expect(out[0]).toEqual({
      to: { player: 'a' },
      event: 'match.found',
      data: {
        session_id: 's1',
        mode: 'ranked_1v1',
        teams: [[{ player_id: 'a', username: 'ann', rating: 1210 }], [{ player_id: 'b', username: 'bob', rating: 1190 }]],
        trace_id: 't-1',
      },
    });
  });

  it('sends session.invited to each invitee only', () => {
    const out = toStreamEvents('session.invited', { sessionId: 's', mode: 'ranked_1v1', inviterId: 'a', inviteeIds: ['b', 'c'], expiresAt: 0 }, meta);
    expect(out.map((o) => [o.to, o.event])).toEqual([[{ player: 'b' }, 'session.invited'], [{ player: 'c' }, 'session.invited']]);
    expect(out[0].data).toEqual({ session_id: 's', mode: 'ranked_1v1', inviter_id: 'a', expires_at: '1970-01-01T00:00:00.000Z', trace_id: 't-1' });
  });

  it('sends session changes to the players and to the game servers, as updated or ended', () => {
    const updated = toStreamEvents('session.changed', { sessionId: 's', playerIds: ['a', 'b'], status: 'active', version: 2, ended: false, reason: 'updated' }, meta);
    expect(updated.map((o) => [o.to, o.event])).toEqual([[{ player: 'a' }, 'session.updated'], [{ player: 'b' }, 'session.updated'], ['servers', 'session.updated']]);
    expect(updated[0].data).toEqual({ session_id: 's', status: 'active', version: 2, trace_id: 't-1' });
    const ended = toStreamEvents('session.changed', { sessionId: 's', playerIds: ['a'], status: 'abandoned', version: 3, ended: true, reason: 'idle_timeout' }, meta);
    expect(ended.map((o) => o.event)).toEqual(['session.ended', 'session.ended']);
    expect(ended[0].data).toEqual({ session_id: 's', status: 'abandoned', reason: 'idle_timeout', trace_id: 't-1' });
  });

  it('sends each player their own rating change, and session.ended when the result completed the session', () => {
    const changes = [
      { playerId: 'a', oldRating: 1200, newRating: 1216, change: 16 },
      { playerId: 'b', oldRating: 1200, newRating: 1184, change: -16 },
    ];
    const out = toStreamEvents('rating.changed', { sessionId: 's', sessionEnded: true, changes }, meta);
    expect(out.map((o) => [o.to, o.event])).toEqual([
      [{ player: 'a' }, 'rating.changed'],
      [{ player: 'b' }, 'rating.changed'],
      [{ player: 'a' }, 'session.ended'],
      [{ player: 'b' }, 'session.ended'],
      ['servers', 'session.ended'],
    ]);
    expect(out[1].data).toEqual({ session_id: 's', old_rating: 1200, new_rating: 1184, change: -16, trace_id: 't-1' });
    expect(toStreamEvents('rating.changed', { sessionId: 's', sessionEnded: false, changes }, meta)).toHaveLength(2);
  });

  it('tells each player of a cancelled match whether they were put back in the queue', () => {
    const out = toStreamEvents('match.cancelled', { matchId: 'm', mode: 'x', reason: 'declined', playerIds: ['a', 'b'], requeued: ['b'] }, meta);
    expect(out.map((o) => [o.to, o.data.requeued])).toEqual([[{ player: 'a' }, false], [{ player: 'b' }, true]]);
  });
});
