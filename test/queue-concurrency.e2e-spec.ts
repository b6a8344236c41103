import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { MODELS, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, setRating, TestPlayer } from './support/players';

const PLAYERS = 200;
const MODE = 'ranked_1v1';
const MATCHMAKER_ENV = { MATCHMAKER_ENABLED: 'true', MATCHMAKER_INTERVAL_MS: '50', MATCH_WINDOW_GROWTH: '100' };

interface Status {
  status: string;
  session_id: string | null;
  opponent: { player_id: string } | null;
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

describe('POST /api/v1/queue/join under concurrency, two replicas with the matchmaker on', () => {
  let one: TestApp;
  let two: TestApp;
  let players: TestPlayer[];
  const replica = (i: number) => (i % 2 ? one : two);
  const foundLogs = () => [...one.logs.events('match_found'), ...two.logs.events('match_found')];

  beforeAll(async () => {
    one = await startTestApp({ env: MATCHMAKER_ENV });
    two = await startTestApp({ backends: one.backends, env: MATCHMAKER_ENV });
    players = await inBatches(PLAYERS, 8, (i) => createPlayer(replica(i)));
  });

  afterAll(async () => {
    await two.close();
    await one.close();
  });

  /** Joins everyone at once, half through each replica; returns the join responses. */
  async function joinAll(): Promise<{ status: number; body: { status: string } }[]> {
    return Promise.all(players.map((p, i) => replica(i).http.post('/api/v1/queue/join').set(p.auth).send({})));
  }

  /** Waits until every player's status is matched, then checks sessions, Redis and state agree; returns session ids. */
  async function expectEveryoneInExactlyOneSession(): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    let statuses: Status[] = [];
    for (;;) {
      // Each player asks the other replica than the one it joined through.
      statuses = await Promise.all(players.map((p, i) => replica(i + 1).http.get('/api/v1/queue/status').set(p.auth).then((r) => r.body as Status)));
      if (statuses.every((s) => s.status === 'matched') || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses.filter((s) => s.status !== 'matched')).toEqual([]);

    const bySession = new Map<string, string[]>();
    statuses.forEach((s, i) => bySession.set(s.session_id!, [...(bySession.get(s.session_id!) ?? []), players[i].id]));
    expect(bySession.size).toBe(PLAYERS / 2);
    for (const members of bySession.values()) expect(members).toHaveLength(2);
    const index = new Map(players.map((p, i) => [p.id, i]));
    statuses.forEach((s, i) => expect(statuses[index.get(s.opponent!.player_id)!].opponent!.player_id).toBe(players[i].id));

    // The durable record agrees: exactly 100 open sessions hold these players, each player in exactly one.
    const sessions = one.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
    const ids = players.map((p) => p.id);
    const docs = await sessions.find({ player_ids: { $in: ids }, closed_at: null }).lean().exec();
    expect(docs).toHaveLength(PLAYERS / 2);
    const appearances = docs.flatMap((d) => d.player_ids);
    expect(appearances).toHaveLength(PLAYERS);
    expect(new Set(appearances).size).toBe(PLAYERS);
    expect(new Set(docs.map((d) => String(d._id)))).toEqual(new Set(bySession.keys()));

    // Nothing left in the queue, nothing stuck mid-claim, every player in its session.
    const redis = one.app.get<RedisClient>(REDIS);
    expect(await redis.zcard(keys.queue.ratings(MODE))).toBe(0);
    expect(await redis.zcard(keys.queue.joinedAt(MODE))).toBe(0);
    expect(await redis.hlen(keys.queue.tickets(MODE))).toBe(0);
    expect(await redis.zcard(keys.queue.claims(MODE))).toBe(0);
    const states = await Promise.all(ids.map((id) => one.app.get(PlayerStateStore).get(id)));
    states.forEach((s, i) => expect(s).toEqual({ state: 'in_session', sessionId: statuses[i].session_id, since: expect.any(Number) }));
    expect([...one.logs.events('match_session_failed'), ...two.logs.events('match_session_failed')]).toEqual([]);
    return [...bySession.keys()];
  }

  it('matches 200 players joining at once into exactly 100 sessions (on join and by either matchmaker)', async () => {
    // Ratings 1150..1250: every pair is inside the base window, so most matches happen right on join.
    await inBatches(PLAYERS, 20, (i) => setRating(one, players[i].id, 1150 + (i % 101)));
    const responses = await joinAll();
    expect(responses.map((r) => r.status)).toEqual(players.map(() => 200));
    const sessionIds = await expectEveryoneInExactlyOneSession();
    const found = foundLogs();
    expect(found).toHaveLength(PLAYERS / 2);
    expect(found.every((l) => (l.details.gap as number) <= 100)).toBe(true);
    expect(responses.filter((r) => r.body.status === 'matched')).toHaveLength(found.filter((l) => l.details.source === 'join').length);

    await inBatches(sessionIds.length, 10, (i) => one.http.delete(`/api/v1/sessions/${sessionIds[i]}`).set(serverAuth(one)).expect(200));
  });

  it('lets two racing matchmakers pair 100 couples that only tick matching can find, each exactly once', async () => {
    // Couple k is (base_k, base_k + 150), bases 1000 apart: outside the base window at join, so no on-join match; each
    // player has exactly one possible partner once windows reach 150 (after 0.5 s at 100 points per second).
    await inBatches(PLAYERS, 20, (i) => setRating(one, players[i].id, 10_000 + 1000 * Math.floor(i / 2) + 150 * (i % 2)));
    const before = new Set(foundLogs());
    const responses = await joinAll();
    expect(responses.map((r) => [r.status, r.body.status])).toEqual(players.map(() => [200, 'queued']));
    // Besides the scheduled ticks (which take the lease), six more ticks skip the lease and race on the same snapshot
    // — as if the lease had expired mid-tick: every pair must still be claimed exactly once.
    const reports = await Promise.all(
      Array.from({ length: 6 }, (_, k) => replica(k).app.get(MatchmakerService).tick(MODE, Date.now() + 1000)),
    );
    expect(reports.reduce((sum, r) => sum + r.claimed, 0)).toBeLessThanOrEqual(PLAYERS / 2);
    await expectEveryoneInExactlyOneSession();
    const found = foundLogs().filter((l) => !before.has(l));
    expect(found).toHaveLength(PLAYERS / 2);
    expect(found.filter((l) => l.details.source !== 'tick' || l.details.gap !== 150).map((l) => l.details)).toEqual([]);
  });
});
