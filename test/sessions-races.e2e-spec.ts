import { getModelToken } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MODELS, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { PlayerRepository } from '../apps/api/src/players/player.repository';
import type { SessionView } from '../apps/api/src/sessions/session.view';
import { startTestApp, TestApp } from './harness/test-app';
import { serverAuth, uniqueName } from './support/players';

/** Races are repeated: a one-off race passes by luck too often to catch a regression (on the MongoDB stand-in above all). */
const ROUNDS = 20;
/** A few seconds on an idle machine; generous for a loaded CI runner. */
const ROUND_TIMEOUT_MS = 180_000;

describe('Sessions under races, two replicas on one Redis and one MongoDB', () => {
  let one: TestApp;
  let two: TestApp;
  const replica = (i: number) => (i % 2 ? two : one);

  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp({ backends: one.backends });
  });

  /** Players stored directly (no password hashing: these tests never log in), returned as ids. */
  async function quickPlayers(n: number): Promise<string[]> {
    const players = one.app.get(PlayerRepository);
    const created = await Promise.all(
      Array.from({ length: n }, () => players.create({ username: uniqueName('race'), passwordHash: 'unused', rating: 1200, createdAt: new Date() })),
    );
    return created.map((p) => p.id);
  }

  afterAll(async () => {
    await two.close();
    await one.close();
  });

  describe('POST /api/v1/sessions/create', () => {
    it(`lets exactly one of four concurrent creations for the same players win, ${ROUNDS} rounds`, async () => {
      const states = one.app.get(PlayerStateStore);
      const sessions = one.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
      for (let round = 0; round < ROUNDS; round++) {
        const ids = await quickPlayers(3);
        // Game servers on both replicas, each listing the players in its own order.
        const [a, b, c] = ids;
        // One player still carries a claim left by a creator that died before inserting its session (cleared by
        // whichever creation meets it first): the slow path, where each creation could hold one player and both lose.
        const crashed = { state: 'in_session' as const, sessionId: new Types.ObjectId().toHexString(), since: Date.now() - 60_000 };
        await states.transition(ids[round % 3], ['idle'], crashed);
        const orders = [[a, b, c], [c, b, a], [b, c, a], [a, c, b]];
        const results = await Promise.all(
          orders.map((order, i) => replica(i).http.post('/api/v1/sessions/create').set(serverAuth(one)).send({ player_ids: order })),
        );
        expect({ round, statuses: results.map((r) => r.status).sort() }).toEqual({ round, statuses: [201, 409, 409, 409] });
        const winner = results.find((r) => r.status === 201)!.body as SessionView;
        for (const id of ids) expect(await states.get(id)).toMatchObject({ state: 'in_session', sessionId: winner.session_id });
        expect(await sessions.countDocuments({ player_ids: ids[0] }).exec()).toBe(1);
      }
    }, ROUND_TIMEOUT_MS);
  });

  describe('PUT /api/v1/sessions/{id}/update', () => {
    it(`lets exactly one of 20 concurrent updates with the same version win, through either replica, ${ROUNDS} rounds`, async () => {
      const redis = one.app.get<RedisClient>(REDIS);
      const sessions = one.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
      for (let round = 0; round < ROUNDS; round++) {
        const created = await one.http.post('/api/v1/sessions/create').set(serverAuth(one)).send({ player_ids: await quickPlayers(2) }).expect(201);
        const id = (created.body as SessionView).session_id;
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            replica(i).http.put(`/api/v1/sessions/${id}/update`).set(serverAuth(one)).send({ status: 'active', state: { writer: i }, version: 1 }),
          ),
        );
        const ok = results.filter((r) => r.status === 200);
        expect({ round, winners: ok.length, conflicts: results.filter((r) => r.status === 409).length }).toEqual({ round, winners: 1, conflicts: 19 });
        const durable = await sessions.findById(id).lean().exec();
        expect(durable).toMatchObject({ version: 2, status: 'active', state: ok[0].body.state, history_seq: 3 });
        const after = await two.http.get(`/api/v1/sessions/${id}/state`).set(serverAuth(two)).expect(200);
        expect(after.body).toMatchObject({ status: 'active', version: 2, state: ok[0].body.state });
        expect(Object.keys(await redis.hgetall(keys.sessionSync(id))).filter((f) => f.startsWith('w:'))).toEqual([]);
      }
    }, ROUND_TIMEOUT_MS);
  });
});
