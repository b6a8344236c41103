import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { LocalRedisCluster, startRedisCluster } from '@libs/dev-services';
import { REDIS } from '@libs/redis';
import { startTestApp, TestApp } from '../harness/test-app';
import { serverAuth } from '../support/players';
import { SseClient } from '../support/sse';
import { waitFor } from './redis-from-manifests';

/** The whole product flow with the app in Redis Cluster mode (REDIS_CLUSTER_NODES), against a real 3-master cluster. */
describe('e2e flow on Redis Cluster', () => {
  let cluster: LocalRedisCluster;
  let t: TestApp;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    t = await startTestApp({ env: { REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',') } });
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  const signUp = async () => {
    const username = `c_${randomBytes(6).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const registered = await t.http.post('/api/v1/auth/register').send({ username, password }).expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ username, password }).expect(200);
    return { id: registered.body.player_id as string, auth: { Authorization: `Bearer ${login.body.access_token}` } };
  };

  it('uses the cluster client and reports ready', async () => {
    expect(t.app.get(REDIS)).toBeInstanceOf(Cluster);
    await t.http.get('/health/ready').expect(200);
  });

  it('runs register → login → queue → match → session → result → new ratings', async () => {
    const a = await signUp();
    const b = await signUp();
    // Event streams on the cluster: a player's stream (opened with a one-time ticket) and the game-server stream.
    const base = await t.app.getUrl();
    const ticket = await t.http.post('/api/v1/events/ticket').set(a.auth).expect(201);
    const events = await SseClient.open(`${base}/api/v1/events?ticket=${ticket.body.ticket}`);
    const serverEvents = await SseClient.open(`${base}/api/v1/events`, serverAuth(t));
    expect([events.status, serverEvents.status]).toEqual([200, 200]);

    const first = await t.http.post('/api/v1/queue/join').set(a.auth).send({ mode: 'ranked_1v1' }).expect(200);
    expect(first.body.status).toBe('queued');
    // Equal ratings: the second player is inside both windows and is matched at once.
    const second = await t.http.post('/api/v1/queue/join').set(b.auth).send({ mode: 'ranked_1v1' }).expect(200);
    expect(second.body.status).toBe('matched');
    expect(second.body.opponent.player_id).toBe(a.id);
    const sessionId = second.body.session_id as string;

    // The first player learns of the match from the status endpoint.
    const status = await waitFor('the first player to see the match', async () => {
      const res = await t.http.get('/api/v1/queue/status').set(a.auth).expect(200);
      return res.body.status === 'matched' && res.body;
    }, 3000);
    expect(status).toMatchObject({ status: 'matched', session_id: sessionId, opponent: { player_id: b.id } });

    const session = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(a.auth).expect(200);
    expect(session.body.players.map((p: { player_id: string }) => p.player_id).sort()).toEqual([a.id, b.id].sort());

    const result = await t.http
      .post('/api/v1/matches/result')
      .set(serverAuth(t))
      .send({ session_id: sessionId, player_id: a.id, outcome: 1 })
      .expect(200);
    expect(result.body.status).toBe('applied');
    const change = Object.fromEntries(result.body.changes.map((c: { player_id: string; change: number }) => [c.player_id, c.change]));
    expect(change[a.id]).toBeGreaterThan(0);
    expect(change[b.id]).toBe(-change[a.id]);
    expect((await events.waitFor((e) => e.event === 'match.found')).data.session_id).toBe(sessionId);
    expect((await events.waitFor((e) => e.event === 'rating.changed')).data.change).toBe(change[a.id]);
    await serverEvents.waitFor((e) => e.event === 'session.created' && e.data.session_id === sessionId);
    events.close();
    serverEvents.close();

    const ratingA = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
    const ratingB = await t.http.get(`/api/v1/players/${b.id}/rating`).set(b.auth).expect(200);
    expect(ratingA.body.rating).toBe(t.config.rating.initial + change[a.id]);
    expect(ratingB.body.rating).toBe(t.config.rating.initial + change[b.id]);

    // The session ended, so both players can queue again.
    await t.http.post('/api/v1/queue/join').set(a.auth).send({ mode: 'ranked_1v1' }).expect(200);
  });

  it('spreads the keys over more than one master (a real cluster, not one node)', async () => {
    const client = t.app.get(REDIS) as Cluster;
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});
