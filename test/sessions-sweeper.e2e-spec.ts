import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { MODELS, PlayerDocument, SessionHistoryDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { SessionSweeper } from '../apps/api/src/sessions/session-sweeper';
import { SessionsService } from '../apps/api/src/sessions/sessions.service';
import type { SessionView } from '../apps/api/src/sessions/session.view';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createSession(t: TestApp, ps: TestPlayer[]): Promise<SessionView> {
  const res = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: ps.map((p) => p.id) }).expect(201);
  return res.body as SessionView;
}

async function abandonedCount(t: TestApp, playerId: string): Promise<number> {
  const model = t.app.get<Model<PlayerDocument>>(getModelToken(MODELS.player));
  return (await model.findById(playerId).lean().exec())!.profile.abandoned;
}

describe('Abandoned-session sweeper (scheduled)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_TIMEOUT: '1', SESSION_SWEEP_INTERVAL_MS: '200' } });
  });

  afterAll(() => t.close());

  it('abandons a session idle for SESSION_IDLE_TIMEOUT, cleans its hot data, frees its players and logs session_abandoned', async () => {
    const ps = [await createPlayer(t), await createPlayer(t)];
    const created = await createSession(t, ps);
    const id = created.session_id;
    const requestTrace = t.logs.events('session_created').find((l) => l.session_id === id)!.trace_id;

    const line = await t.logs.waitFor((l) => l.event === 'session_abandoned' && l.session_id === id, 10000);
    expect(line).toMatchObject({ service: 'session', level: 'INFO', details: { from: 'waiting', reason: 'idle_timeout' } });
    expect(line.details.idle_seconds).toBeGreaterThanOrEqual(1);
    // Each sweep runs in its own trace, not in the trace of the request that created the session.
    expect(line.trace_id).toEqual(expect.any(String));
    expect(line.trace_id).not.toBe(requestTrace);
    expect(t.logs.events('session_state_changed').find((l) => l.session_id === id)?.details).toEqual({ from: 'waiting', to: 'abandoned' });

    const redis = t.app.get<RedisClient>(REDIS);
    expect(await redis.exists(keys.session(id))).toBe(0);
    for (const p of ps) {
      expect(await t.app.get(PlayerStateStore).get(p.id)).toEqual({ state: 'idle' });
      expect(await abandonedCount(t, p.id)).toBe(1);
    }
    const res = await t.http.get(`/api/v1/sessions/${id}/state`).set(ps[0].auth).expect(200);
    expect(res.body).toMatchObject({ status: 'abandoned', version: 2 });
    expect(res.body.history.map((h: { event: string }) => h.event)).toEqual(['session_created', 'session_abandoned']);

    // The freed players can start again.
    await createSession(t, ps);
  });
});

describe('Abandoned-session sweeper on several replicas', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // The timer is effectively off (one hour) so the test drives each pass itself.
    const env = { SESSION_IDLE_TIMEOUT: '1', SESSION_SWEEP_INTERVAL_MS: '3600000' };
    a = await startTestApp({ env });
    b = await startTestApp({ backends: a.backends, env });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('abandons each idle session exactly once when replicas sweep at the same time, and keeps recently updated ones', async () => {
    const ps = await Promise.all(Array.from({ length: 8 }, () => createPlayer(a)));
    const idle = await Promise.all([0, 2, 4].map((i) => createSession(a, ps.slice(i, i + 2))));
    const busy = await createSession(a, ps.slice(6, 8));
    await sleep(1100);
    await a.http.put(`/api/v1/sessions/${busy.session_id}/update`).set(serverAuth(a)).send({ status: 'active' }).expect(200);

    const counts = await Promise.all([a, b, a, b].map((t) => t.app.get(SessionsService).abandonIdleSessions()));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(3);

    const history = a.app.get<Model<SessionHistoryDocument>>(getModelToken(MODELS.sessionHistory));
    for (const s of idle) {
      expect(await history.countDocuments({ session_id: s.session_id, event: 'session_abandoned' }).exec()).toBe(1);
      expect((await a.http.get(`/api/v1/sessions/${s.session_id}/state`).set(serverAuth(a)).expect(200)).body.status).toBe('abandoned');
    }
    for (const p of ps.slice(0, 6)) expect(await abandonedCount(a, p.id)).toBe(1);
    const logged = [...a.logs.events('session_abandoned'), ...b.logs.events('session_abandoned')];
    expect(logged.map((l) => l.session_id).sort()).toEqual(idle.map((s) => s.session_id).sort());

    expect((await a.http.get(`/api/v1/sessions/${busy.session_id}/state`).set(serverAuth(a)).expect(200)).body.status).toBe('active');
    for (const p of ps.slice(6)) expect(await abandonedCount(a, p.id)).toBe(0);
  });

  it('runs a scheduled pass on one replica per tick (lease)', async () => {
    const sweepers = [a, b].map((t) => t.app.get(SessionsService));
    const spies = sweepers.map((s) => jest.spyOn(s, 'abandonIdleSessions'));
    await Promise.all([a.app.get(SessionSweeper).tick(), b.app.get(SessionSweeper).tick()]);
    expect(spies[0].mock.calls.length + spies[1].mock.calls.length).toBe(1);
    spies.forEach((s) => s.mockRestore());
  });
});
