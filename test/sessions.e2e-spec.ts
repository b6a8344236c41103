import { getModelToken } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MODELS, PlayerDocument, SessionDocument, SessionHistoryDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { SessionHotStore } from '../apps/api/src/sessions/session-hot.store';
import { SessionsService } from '../apps/api/src/sessions/sessions.service';
import type { SessionView } from '../apps/api/src/sessions/session.view';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

describe('Sessions API', () => {
  let t: TestApp;
  let redis: RedisClient;
  let states: PlayerStateStore;
  let sessionModel: Model<SessionDocument>;
  let historyModel: Model<SessionHistoryDocument>;
  let playerModel: Model<PlayerDocument>;

  beforeAll(async () => {
    t = await startTestApp();
    redis = t.app.get(REDIS);
    states = t.app.get(PlayerStateStore);
    sessionModel = t.app.get(getModelToken(MODELS.session));
    historyModel = t.app.get(getModelToken(MODELS.sessionHistory));
    playerModel = t.app.get(getModelToken(MODELS.player));
  });

  afterAll(() => t.close());

  const players = (n: number) => Promise.all(Array.from({ length: n }, () => createPlayer(t)));
  const ids = (ps: TestPlayer[]) => ps.map((p) => p.id);
  const unknownId = () => new Types.ObjectId().toHexString();

  async function createSession(ps: TestPlayer[], body: Record<string, unknown> = {}): Promise<SessionView> {
    const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: ids(ps), ...body }).expect(201);
    return res.body as SessionView;
  }

  const getState = (id: string, auth: Record<string, string> = serverAuth(t)) => t.http.get(`/api/v1/sessions/${id}/state`).set(auth);
  const update = (id: string, body: Record<string, unknown>, auth: Record<string, string> = serverAuth(t)) =>
    t.http.put(`/api/v1/sessions/${id}/update`).set(auth).send(body);
  const remove = (id: string, auth: Record<string, string> = serverAuth(t)) => t.http.delete(`/api/v1/sessions/${id}`).set(auth);

  async function abandonedCount(playerId: string): Promise<number> {
    const doc = await playerModel.findById(playerId).lean().exec();
    return doc!.profile.abandoned;
  }

  async function historyEvents(sessionId: string): Promise<string[]> {
    const docs = await historyModel.find({ session_id: sessionId }).sort({ seq: 1 }).lean().exec();
    return docs.map((d) => d.event);
  }

  describe('POST /api/v1/sessions/create', () => {
    it('creates a waiting session for the server role, with players, version 1, history and hot state', async () => {
      const ps = await players(2);
      const body = await createSession(ps);

      expect(body).toEqual({
        session_id: expect.stringMatching(/^[a-f0-9]{24}$/),
        mode: 'ranked_1v1',
        status: 'waiting',
        origin: 'server',
        players: ps.map((p, i) => ({ player_id: p.id, username: p.username, rating: 1200, team: i })),
        teams: ps.map((p) => [p.id]),
        state: {},
        version: 1,
        created_at: expect.any(String),
        updated_at: body.created_at,
        history: [{ timestamp: body.created_at, event: 'session_created', details: { mode: 'ranked_1v1', player_ids: ids(ps) } }],
      });
      const hot = await redis.hgetall(keys.session(body.session_id));
      expect(hot).toMatchObject({ status: 'waiting', player_ids: ids(ps).join(','), rating: '1200', version: '1' });
      for (const p of ps) expect(await states.get(p.id)).toMatchObject({ state: 'in_session', sessionId: body.session_id });
      const durable = await sessionModel.findById(body.session_id).lean().exec();
      expect(durable).toMatchObject({ status: 'waiting', origin: 'server', version: 1, player_ids: ids(ps), closed_at: null, history_seq: 1 });
      expect(t.logs.events('session_created').find((l) => l.session_id === body.session_id)).toMatchObject({ service: 'session', level: 'INFO' });
    });

    it('lets a player who is one of player_ids create a session with a mode and state (placed once the others accept)', async () => {
      const ps = await players(3);
      const created = await t.http
        .post('/api/v1/sessions/create')
        .set(ps[1].auth)
        .send({ player_ids: ids(ps), mode: 'casual_ffa', state: { map: 'dust', round: 0 } })
        .expect(201);
      expect(created.body).toMatchObject({ status: 'pending_acceptance', origin: 'player' });
      await t.http.post(`/api/v1/sessions/${created.body.session_id}/accept`).set(ps[0].auth).expect(200);
      const res = await t.http.post(`/api/v1/sessions/${created.body.session_id}/accept`).set(ps[2].auth).expect(200);
      expect(res.body).toMatchObject({ mode: 'casual_ffa', state: { map: 'dust', round: 0 }, status: 'waiting' });
      expect(res.body.players).toHaveLength(3);
    });

    it('returns 403 when a player creates a session they are not part of', async () => {
      const [a, b, outsider] = await players(3);
      const res = await t.http.post('/api/v1/sessions/create').set(outsider.auth).send({ player_ids: [a.id, b.id] }).expect(403);
      expect(res.body.message).toMatch(/take part/);
      expect(await states.get(a.id)).toEqual({ state: 'idle' });
    });

    it('returns 401 without credentials', async () => {
      await t.http.post('/api/v1/sessions/create').send({ player_ids: [unknownId(), unknownId()] }).expect(401);
    });

    it('returns 400 for duplicate player ids', async () => {
      const [a] = await players(1);
      const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, a.id.toUpperCase()] }).expect(400);
      expect(res.body.message).toMatch(/duplicates/);
    });

    it('returns 400 for malformed player ids', async () => {
      const [a] = await players(1);
      await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, 'not-an-id'] }).expect(400);
      await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, 42] }).expect(400);
      await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: 'x' }).expect(400);
    });

    it('returns 400 for fewer than 2 or more than 16 players', async () => {
      const one = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [unknownId()] }).expect(400);
      expect(one.body.message).toMatch(/2 to 16/);
      const many = Array.from({ length: 17 }, unknownId);
      await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: many }).expect(400);
      await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [] }).expect(400);
    });

    it('accepts 16 players', async () => {
      const ps = await players(16);
      const body = await createSession(ps);
      expect(body.players.map((p) => p.player_id)).toEqual(ids(ps));
    });

    it('returns 400 for a bad mode, a non-object state or unknown fields', async () => {
      const ps = await players(2);
      const send = (extra: Record<string, unknown>) =>
        t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: ids(ps), ...extra }).expect(400);
      await send({ mode: 'Ranked 1v1' });
      await send({ state: [1, 2] });
      await send({ state: 'x' });
      await send({ state: null });
      await send({ state: { $where: 'x' } });
      await send({ owner: 'me' });
      for (const p of ps) expect(await states.get(p.id)).toEqual({ state: 'idle' });
    });

    it('returns 404 naming unknown players', async () => {
      const [a] = await players(1);
      const ghost = unknownId();
      const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, ghost] }).expect(404);
      expect(res.body.message).toContain(ghost);
      expect(await states.get(a.id)).toEqual({ state: 'idle' });
    });

    it('returns 409 naming the player already in an unfinished session, and releases the other claims', async () => {
      const [a, b, c] = await players(3);
      const first = await createSession([a, b]);
      const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [c.id, b.id] }).expect(409);
      expect(res.body.message).toBe(`Player ${b.id} is already in unfinished session ${first.session_id}`);
      expect(await states.get(c.id)).toEqual({ state: 'idle' });
      expect(await states.get(b.id)).toMatchObject({ state: 'in_session', sessionId: first.session_id });
    });

    it('lets exactly one of concurrent creations claim a shared player', async () => {
      const shared = await createPlayer(t);
      const partners = await players(8);
      const results = await Promise.all(
        partners.map((p) => t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [shared.id, p.id] })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
      const winner = results.find((r) => r.status === 201)!.body as SessionView;
      expect(await states.get(shared.id)).toMatchObject({ sessionId: winner.session_id });
      const losers = partners.filter((p) => p.id !== winner.players[1].player_id);
      for (const p of losers) expect(await states.get(p.id)).toEqual({ state: 'idle' });
      expect(await sessionModel.countDocuments({ player_ids: shared.id }).exec()).toBe(1);
    });

    it('returns 409 for a queued player, but claims queued players for the matchmaker', async () => {
      const [a, b] = await players(2);
      await states.transition(a.id, ['idle'], { state: 'queued', mode: 'ranked_1v1', since: Date.now() });
      const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: ids([a, b]) }).expect(409);
      expect(res.body.message).toContain(`Player ${a.id} is queued`);

      const view = await t.app.get(SessionsService).create(null, { player_ids: ids([a, b]) }, { fromQueue: true });
      expect(view.status).toBe('waiting');
      expect(await states.get(a.id)).toMatchObject({ state: 'in_session', sessionId: view.session_id });
    });

    it('returns 413 when state is over 16 KiB serialized', async () => {
      const ps = await players(2);
      const res = await t.http
        .post('/api/v1/sessions/create')
        .set(serverAuth(t))
        .send({ player_ids: ids(ps), state: { blob: 'x'.repeat(16 * 1024) } })
        .expect(413);
      expect(res.body.message).toMatch(/limit is 16384/);
      for (const p of ps) expect(await states.get(p.id)).toEqual({ state: 'idle' });
    });

    it('returns 409 when MongoDB holds an open session for a player whose Redis state was lost, and restores it', async () => {
      const [a, b, c] = await players(3);
      const first = await createSession([a, b]);
      await redis.del(keys.playerState(a.id));
      const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, c.id] }).expect(409);
      expect(res.body.message).toContain(`Player ${a.id} is already in unfinished session ${first.session_id}`);
      expect(await states.get(a.id)).toMatchObject({ state: 'in_session', sessionId: first.session_id });
      expect(await states.get(c.id)).toEqual({ state: 'idle' });
    });

    it('clears a player claim left behind by a session that finished elsewhere', async () => {
      const [a, b, c] = await players(3);
      const first = await createSession([a, b]);
      // A writer that finished the session in MongoDB but died before freeing the players.
      await sessionModel.updateOne({ _id: first.session_id }, { $set: { status: 'completed' }, $inc: { version: 1 } }).exec();
      const second = await createSession([a, c]);
      expect(await states.get(a.id)).toMatchObject({ state: 'in_session', sessionId: second.session_id });
    });
  });

  describe('GET /api/v1/sessions/{id}/state', () => {
    it('returns the session to a participant and to the server role', async () => {
      const ps = await players(2);
      const created = await createSession(ps, { state: { round: 1 } });
      const asPlayer = await getState(created.session_id, ps[0].auth).expect(200);
      const asServer = await getState(created.session_id).expect(200);
      expect(asPlayer.body).toEqual(created);
      expect(asServer.body).toEqual(created);
    });

    it('serves the Redis hot copy', async () => {
      const ps = await players(2);
      const created = await createSession(ps);
      // The hot copy holds the view's fields and the state route's stored answer; both change together on every write.
      const answer = JSON.parse((await redis.hget(keys.session(created.session_id), 'answer'))!);
      expect(answer).toEqual(created);
      await redis.hset(keys.session(created.session_id), 'state', JSON.stringify({ marker: 'from-redis' }), 'answer', JSON.stringify({ ...answer, state: { marker: 'from-redis' } }));
      const res = await getState(created.session_id).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body.state).toEqual({ marker: 'from-redis' });
    });

    it('serves a hot copy written before answers were stored from its fields', async () => {
      const ps = await players(2);
      const created = await createSession(ps);
      await redis.hdel(keys.session(created.session_id), 'answer');
      await redis.hset(keys.session(created.session_id), 'state', JSON.stringify({ marker: 'from-fields' }));
      const res = await getState(created.session_id).expect(200);
      expect(res.body).toEqual({ ...created, state: { marker: 'from-fields' } });
    });

    it('returns 404 to a player who is not in the session, exactly as for an unknown one', async () => {
      const ps = await players(2);
      const [outsider] = await players(1);
      const created = await createSession(ps);
      const hidden = await getState(created.session_id, outsider.auth).expect(404);
      const missing = await getState(unknownId(), outsider.auth).expect(404);
      expect(hidden.body.message).toBe(missing.body.message.replace(/[0-9a-f]{24}/, created.session_id));
      expect(hidden.body.error).toBe(missing.body.error);
    });

    it('returns 404 for an unknown session and 400 for a malformed id', async () => {
      await getState(unknownId()).expect(404);
      await getState('not-an-id').expect(400);
    });

    it('falls back to MongoDB when the hot copy is evicted, and repopulates it', async () => {
      const ps = await players(2);
      const created = await createSession(ps, { state: { round: 7 } });
      await redis.del(keys.session(created.session_id), keys.sessionSync(created.session_id));
      const res = await getState(created.session_id, ps[1].auth).expect(200);
      expect(res.body).toEqual(created);
      expect(await redis.hget(keys.session(created.session_id), 'state')).toBe(JSON.stringify({ round: 7 }));
    });

    it('does not serve the hot copy while a write is pending, and repairs it once the writer is presumed dead', async () => {
      const ps = await players(2);
      const created = await createSession(ps);
      const id = created.session_id;
      // A writer announced its change and committed it to MongoDB, then crashed before updating Redis.
      await t.app.get(SessionHotStore).beginWrite(id, 1);
      await sessionModel.updateOne({ _id: id }, { $set: { status: 'active', updated_at: new Date() }, $inc: { version: 1 } }).exec();
      expect(await redis.hget(keys.session(id), 'status')).toBe('waiting');

      const during = await getState(id).expect(200);
      expect(during.body).toMatchObject({ status: 'active', version: 2 });

      // Once the intent's lease has run out, the next read drops it and the hot copy is trusted again.
      const sync = await redis.hgetall(keys.sessionSync(id));
      const intent = Object.keys(sync).find((f) => f.startsWith('w:'))!;
      await redis.hset(keys.sessionSync(id), intent, '1');
      await getState(id).expect(200);
      expect(Object.keys(await redis.hgetall(keys.sessionSync(id))).filter((f) => f.startsWith('w:'))).toEqual([]);
      expect(await redis.hget(keys.session(id), 'status')).toBe('active');
      expect((await getState(id).expect(200)).body).toMatchObject({ status: 'active', version: 2 });
    });
  });

  describe('PUT /api/v1/sessions/{id}/update', () => {
    it('moves waiting → active → completed, bumping the version and appending history', async () => {
      const ps = await players(2);
      const created = await createSession(ps);
      const id = created.session_id;

      const active = await update(id, { status: 'active', state: { round: 1 }, version: 1 }, ps[0].auth).expect(200);
      expect(active.body).toMatchObject({ status: 'active', state: { round: 1 }, version: 2 });
      expect(active.body.history.map((h: { event: string }) => h.event)).toEqual(['session_created', 'session_state_changed', 'session_updated']);
      expect(active.body.history[1].details).toEqual({ from: 'waiting', to: 'active' });
      expect((await getState(id).expect(200)).body).toEqual(active.body);
      for (const p of ps) expect(await states.get(p.id)).toMatchObject({ state: 'in_session', sessionId: id });

      const done = await update(id, { status: 'completed' }).expect(200);
      expect(done.body).toMatchObject({ status: 'completed', version: 3 });
      expect(await historyEvents(id)).toEqual(['session_created', 'session_state_changed', 'session_updated', 'session_state_changed']);
      expect(await redis.exists(keys.session(id))).toBe(0);
      for (const p of ps) expect(await states.get(p.id)).toEqual({ state: 'idle' });
      expect((await getState(id, ps[1].auth).expect(200)).body).toEqual(done.body);
      expect(await abandonedCount(ps[0].id)).toBe(0);

      const changes = t.logs.events('session_state_changed').filter((l) => l.session_id === id);
      expect(changes.map((l) => l.details)).toEqual([
        { from: 'waiting', to: 'active' },
        { from: 'active', to: 'completed' },
      ]);
      expect(t.logs.events('session_updated').filter((l) => l.session_id === id)).toHaveLength(2);
    });

    it('moves waiting or active → abandoned, freeing the players and counting an abandonment', async () => {
      const ps = await players(4);
      const fromWaiting = await createSession(ps.slice(0, 2));
      const fromActive = await createSession(ps.slice(2));
      await update(fromActive.session_id, { status: 'active' }).expect(200);

      await update(fromWaiting.session_id, { status: 'abandoned' }).expect(200);
      await update(fromActive.session_id, { status: 'abandoned' }).expect(200);
      for (const p of ps) {
        expect(await states.get(p.id)).toEqual({ state: 'idle' });
        expect(await abandonedCount(p.id)).toBe(1);
      }
    });

    it('updates only the state of an active session', async () => {
      const ps = await players(2);
      const created = await createSession(ps, { state: { a: 1 } });
      const res = await update(created.session_id, { state: { a: 2, nested: { list: [1, 2] } } }).expect(200);
      expect(res.body).toMatchObject({ status: 'waiting', state: { a: 2, nested: { list: [1, 2] } }, version: 2 });
      expect(JSON.parse((await redis.hget(keys.session(created.session_id), 'state'))!)).toEqual({ a: 2, nested: { list: [1, 2] } });
    });

    it('returns 409 naming both statuses for a transition that is not allowed', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      const skip = await update(id, { status: 'completed' }).expect(409);
      expect(skip.body.message).toBe('Cannot change session status from waiting to completed');
      await update(id, { status: 'active' }).expect(200);
      expect((await update(id, { status: 'waiting' }).expect(409)).body.message).toBe('Cannot change session status from active to waiting');
      expect((await update(id, { status: 'disputed' }).expect(409)).body.message).toContain('from active to disputed');
      await update(id, { status: 'completed' }).expect(200);
      expect((await update(id, { status: 'active' }).expect(409)).body.message).toBe('Cannot change session status from completed to active');
      expect((await update(id, { state: { late: true } }).expect(409)).body.message).toMatch(/completed/);
    });

    it('returns 409 for a stale version and leaves the session unchanged', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      await update(id, { state: { n: 1 }, version: 1 }).expect(200);
      const res = await update(id, { state: { n: 2 }, version: 1 }).expect(409);
      expect(res.body.message).toBe('Version 1 is stale; the session is at version 2');
      expect((await getState(id).expect(200)).body).toMatchObject({ state: { n: 1 }, version: 2 });
    });

    it('lets exactly one of 20 concurrent updates with the same version win', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => update(id, { status: 'active', state: { writer: i }, version: 1 })),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);

      const after = (await getState(id).expect(200)).body;
      expect(after).toMatchObject({ status: 'active', version: 2, state: ok[0].body.state });
      expect(await historyEvents(id)).toEqual(['session_created', 'session_state_changed', 'session_updated']);
      const durable = await sessionModel.findById(id).lean().exec();
      expect(durable).toMatchObject({ version: 2, state: ok[0].body.state, history_seq: 3 });
      expect(Object.keys(await redis.hgetall(keys.sessionSync(id))).filter((f) => f.startsWith('w:'))).toEqual([]);
    });

    it('applies every one of concurrent updates without a version', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => update(id, { state: { writer: i } })));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect((await getState(id).expect(200)).body.version).toBe(5);
    });

    it('returns 413 for a state over 16 KiB and 400 for an empty or malformed body', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      await update(id, { state: { blob: 'x'.repeat(17 * 1024) } }).expect(413);
      await update(id, {}).expect(400);
      await update(id, { status: 'paused' }).expect(400);
      await update(id, { version: 0, state: {} }).expect(400);
      await update(id, { state: [1] }).expect(400);
      expect((await getState(id).expect(200)).body.version).toBe(1);
    });

    it('returns 404 for an outsider and for an unknown session, and 400 for a malformed id', async () => {
      const ps = await players(2);
      const [outsider] = await players(1);
      const { session_id: id } = await createSession(ps);
      await update(id, { status: 'active' }, outsider.auth).expect(404);
      await update(unknownId(), { status: 'active' }).expect(404);
      await update('xyz', { status: 'active' }).expect(400);
    });
  });

  describe('DELETE /api/v1/sessions/{id}', () => {
    it('closes an unfinished session as abandoned: hot data gone, players idle, abandoned +1, record and history kept', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      await update(id, { status: 'active' }).expect(200);

      const res = await remove(id, ps[0].auth).expect(200);
      expect(res.body).toEqual({ session_id: id, status: 'abandoned' });
      expect(await redis.exists(keys.session(id))).toBe(0);
      for (const p of ps) {
        expect(await states.get(p.id)).toEqual({ state: 'idle' });
        expect(await abandonedCount(p.id)).toBe(1);
      }
      const durable = await sessionModel.findById(id).lean().exec();
      expect(durable).toMatchObject({ status: 'abandoned', version: 3, closed_at: expect.any(Date) });
      expect(await historyEvents(id)).toEqual(['session_created', 'session_state_changed', 'session_deleted']);
      await getState(id).expect(404);
      await update(id, { state: {} }).expect(404);

      expect(t.logs.events('session_deleted').find((l) => l.session_id === id)?.details).toEqual({ status: 'abandoned', previous_status: 'active' });
      expect(t.logs.events('session_state_changed').filter((l) => l.session_id === id).map((l) => l.details.to)).toEqual(['active', 'abandoned']);
      expect(t.logs.events('session_abandoned').find((l) => l.session_id === id)?.details).toMatchObject({ reason: 'deleted', from: 'active' });

      // The players are free for a new session.
      await createSession(ps);
    });

    it('keeps a completed session completed and leaves the stats alone', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      await update(id, { status: 'active' }).expect(200);
      await update(id, { status: 'completed' }).expect(200);
      expect((await remove(id).expect(200)).body).toEqual({ session_id: id, status: 'completed' });
      for (const p of ps) expect(await abandonedCount(p.id)).toBe(0);
      expect(await sessionModel.findById(id).lean().exec()).toMatchObject({ status: 'completed', closed_at: expect.any(Date) });
    });

    it('returns 404 when deleting twice, and exactly one of concurrent deletes succeeds', async () => {
      const ps = await players(4);
      const first = await createSession(ps.slice(0, 2));
      await remove(first.session_id).expect(200);
      await remove(first.session_id).expect(404);

      const second = await createSession(ps.slice(2));
      const results = await Promise.all(Array.from({ length: 5 }, () => remove(second.session_id)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404]);
      for (const p of ps.slice(2)) expect(await abandonedCount(p.id)).toBe(1);
    });

    it('returns 404 for an outsider and for an unknown session, and 400 for a malformed id', async () => {
      const ps = await players(2);
      const [outsider] = await players(1);
      const { session_id: id } = await createSession(ps);
      await remove(id, outsider.auth).expect(404);
      await remove(unknownId()).expect(404);
      await remove('123').expect(400);
      expect((await getState(id).expect(200)).body.status).toBe('waiting');
    });
  });

  describe('SessionsService.refreshHotState', () => {
    it('removes the hot copy and frees the players of a session finished by another writer', async () => {
      const ps = await players(2);
      const { session_id: id } = await createSession(ps);
      await sessionModel.updateOne({ _id: id }, { $set: { status: 'disputed' }, $inc: { version: 1 } }).exec();
      await t.app.get(SessionsService).refreshHotState(id);
      expect(await redis.exists(keys.session(id))).toBe(0);
      for (const p of ps) expect(await states.get(p.id)).toEqual({ state: 'idle' });
      expect((await getState(id).expect(200)).body).toMatchObject({ status: 'disputed', version: 2 });
    });
  });
});
