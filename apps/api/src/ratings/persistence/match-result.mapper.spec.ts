import { Types } from 'mongoose';
import { MatchResultDocument } from '@libs/database';
import { matchResultMapper } from './match-result.mapper';

describe('matchResultMapper', () => {
  const at = new Date(0);
  const stored = (doc: Partial<MatchResultDocument>) =>
    ({
      _id: new Types.ObjectId(),
      session_id: 's',
      player_ids: ['a', 'b'],
      status: 'applied',
      reports: [],
      outcome: null,
      source: 'server',
      changes: [],
      created_at: at,
      updated_at: at,
      applied_at: at,
      cache_synced: true,
      ...doc,
    }) as MatchResultDocument & { _id: Types.ObjectId };

  it('reads a result stored before placements: the first player\'s outcome as placements, one player per team', () => {
    const legacy = stored({
      outcome: 0,
      reports: [{ reporter: 'a', outcome: 0, at }, { reporter: 'b', outcome: 0, at }],
      changes: [
        { player_id: 'a', old_rating: 1200, new_rating: 1184, change: -16 },
        { player_id: 'b', old_rating: 1200, new_rating: 1216, change: 16 },
      ],
    });
    const result = matchResultMapper.toDomain(legacy);
    expect(result).toMatchObject({ teams: [['a'], ['b']], playerIds: ['a', 'b'], placements: [2, 1], rated: true });
    expect(result.reports.map((r) => r.placements)).toEqual([[2, 1], [2, 1]]);
    expect(result.changes.map((c) => c.team)).toEqual([0, 1]);
    expect(matchResultMapper.toDomain(stored({ status: 'pending', outcome: null, applied_at: null })).placements).toBeNull();
  });

  it('writes teams and placements, and the first team\'s outcome only for two teams', () => {
    const duel = matchResultMapper.toDomain(stored({ teams: [['a', 'c'], ['b', 'd']], player_ids: ['a', 'c', 'b', 'd'], placements: [1, 1] }));
    expect(matchResultMapper.toPersistence(duel)).toMatchObject({ teams: [['a', 'c'], ['b', 'd']], placements: [1, 1], outcome: 0.5 });
    const ffa = matchResultMapper.toDomain(stored({ teams: [['a'], ['b'], ['c'], ['d']], player_ids: ['a', 'b', 'c', 'd'], placements: [2, 1, 3, 4] }));
    expect(matchResultMapper.toPersistence(ffa)).toMatchObject({ placements: [2, 1, 3, 4], outcome: null });
  });
});
