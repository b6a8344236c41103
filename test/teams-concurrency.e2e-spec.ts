import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { MODELS, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, TestPlayer } from './support/players';

const PLAYERS = 100;
const PARTIES = 20;
const MODE = 'ranked_2v2';
const MATCHMAKER_ENV = { MATCHMAKER_ENABLED: 'true', MATCHMAKER_INTERVAL_MS: '50', MATCH_WINDOW_GROWTH: '100' };

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

describe('POST /api/v1/queue/join in ranked_2v2 under concurrency, parties and solos, two matchmaker replicas', () => {
  let one: TestApp;
  let two: TestApp;
  let players: TestPlayer[];
  const replica = (i: number) => (i % 2 ? one : two);

  beforeAll(async () => {
    one = await startTestApp({ env: MATCHMAKER_ENV });
    two = await startTestApp({ backends: one.backends, env: MATCHMAKER_ENV });
    players = await inBatches(PLAYERS, 8, (i) => createPlayer(replica(i), { rating: 1200 + (i % 7) * 15 }));
  });

  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('puts every player in exactly one session, teams of exactly two, no party split', async () => {
    // Players 0..39 form 20 parties of two (leader = even index); 40..99 queue solo.
    const partyOf = new Map<string, number>();
    for (let p = 0; p < PARTIES; p++) {
      const [leader, member] = [players[2 * p], players[2 * p + 1]];
      const party = (await replica(p).http.post('/api/v1/parties').set(leader.auth).expect(201)).body;
      await replica(p + 1).http.post(`/api/v1/parties/${party.party_id}/join`).set(member.auth).send({ invite_code: party.invite_code }).expect(200);
      partyOf.set(leader.id, p);
      partyOf.set(member.id, p);
    }
    const joiners = players.filter((_, i) => i >= 2 * PARTIES || i % 2 === 0);
    const joins = await Promise.all(joiners.map((p, i) => replica(i).http.post('/api/v1/queue/join').set(p.auth).send({ mode: MODE })));
    expect(joins.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);

    const deadline = Date.now() + 20_000;
    let statuses: { status: string; session_id: string | null }[] = [];
    for (;;) {
      statuses = await Promise.all(players.map((p, i) => replica(i + 1).http.get('/api/v1/queue/status').set(p.auth).then((r) => r.body)));
      if (statuses.every((s) => s.status === 'matched') || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses.filter((s) => s.status !== 'matched')).toEqual([]);

    const sessions = one.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
    const docs = await sessions.find({ player_ids: { $in: players.map((p) => p.id) }, closed_at: null }).lean().exec();
    expect(docs).toHaveLength(PLAYERS / 4);
    const appearances = docs.flatMap((d) => d.player_ids);
    expect(appearances).toHaveLength(PLAYERS);
    expect(new Set(appearances).size).toBe(PLAYERS);
    for (const doc of docs) {
      const teams = [0, 1].map((t) => doc.players.filter((p) => p.team === t).map((p) => p.player_id));
      expect(teams.map((team) => team.length)).toEqual([2, 2]);
      for (const team of teams) {
        // A party member's teammate is their party partner.
        const parties = team.map((id) => partyOf.get(id));
        if (parties.some((p) => p !== undefined)) expect(parties[0]).toBe(parties[1]);
      }
    }
    statuses.forEach((s, i) => expect(docs.find((d) => String(d._id) === s.session_id)?.player_ids).toContain(players[i].id));

    // Nothing left in the queue, nothing stuck mid-claim.
    const redis = one.app.get<RedisClient>(REDIS);
    expect(await redis.zcard(keys.queue.joinedAt(MODE))).toBe(0);
    expect(await redis.zcard(keys.queue.claims(MODE))).toBe(0);
    expect(await redis.hlen(keys.queue.tickets(MODE))).toBe(0);
    expect(await redis.hlen(keys.queue.members(MODE))).toBe(0);
  });
});
