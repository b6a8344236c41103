import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { freePort } from '@libs/dev-services';
import { MODELS, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { TokenService } from '../apps/api/src/auth/token.service';
import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { PlayerRepository } from '../apps/api/src/players/player.repository';
import { startService, waitForLive } from './harness/service-process';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './harness/test-app';
import { serverAuth, uniqueName } from './support/players';

const PLAYERS = 200;
/** Longer than every grace period and claim timeout (10 s, 30 s): "later", without waiting for it. */
const LATER_MS = 60_000;

async function inBatches(count: number, size: number, run: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += size) await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => run(start + k)));
}

interface Status {
  status: 'idle' | 'queued' | 'matched';
  session_id: string | null;
}

describe('a replica killed (SIGKILL) while matching 200 players', () => {
  let survivor: TestApp;

  beforeAll(async () => {
    survivor = await startTestApp();
  });

  afterAll(() => survivor.close());

  it('leaves every player with a status that tells the truth, a join that agrees with it, and a session that exists', async () => {
    // Players stored directly (no password hashing: they never log in), each with an access token.
    const repo = survivor.app.get(PlayerRepository);
    const tokens = survivor.app.get(TokenService);
    const players = await Promise.all(
      Array.from({ length: PLAYERS }, async () => {
        const p = await repo.create({ username: uniqueName('crash'), passwordHash: 'unused', rating: 1200, createdAt: new Date() });
        return { id: p.id, auth: { Authorization: `Bearer ${(await tokens.signAccessToken(p.id)).token}` } };
      }),
    );

    const port = await freePort();
    const victim = startService({
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: survivor.backends.redisUrl,
      MONGODB_URI: survivor.backends.mongoUri,
      JWT_SECRET: TEST_JWT_SECRET,
      MATCHMAKER_INTERVAL_MS: '20',
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForLive(base);
      const joins = players.map((p) =>
        fetch(`${base}/api/v1/queue/join`, { method: 'POST', headers: { ...p.auth, 'content-type': 'application/json' }, body: '{}' }).catch(() => null),
      );
      // Killed in the thick of it: sessions are being created, some claimed, some inserted, some recorded.
      const deadline = Date.now() + 20_000;
      while ((victim.output().match(/"event":"session_created"/g) ?? []).length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      victim.child.kill('SIGKILL');
      await Promise.all(joins);
      await victim.exited;
    } finally {
      victim.child.kill('SIGKILL');
    }

    // Time passes (every grace period and claim timeout runs out), and the surviving replica's matchmaker runs.
    const redis = survivor.app.get<RedisClient>(REDIS);
    await Promise.all(
      players.map(async (p) => {
        const since = await redis.hget(keys.playerState(p.id), 'since');
        if (since) await redis.hset(keys.playerState(p.id), 'since', String(Number(since) - LATER_MS));
      }),
    );
    const matchmaker = survivor.app.get(MatchmakerService);
    for (const mode of survivor.config.matchmaker.modes.map((m) => m.name)) await matchmaker.tick(mode, Date.now() + LATER_MS);

    const http = survivor.http;
    const statuses = await Promise.all(players.map((p) => http.get('/api/v1/queue/status').set(p.auth).then((r) => r.body as Status)));
    const sessions = survivor.app.get<Model<SessionDocument>>(getModelToken(MODELS.session));
    const problems: string[] = [];
    // Every open session holding (before anyone joins again) these players is the one each of its players' status names.
    const open = await sessions.find({ player_ids: { $in: players.map((p) => p.id) }, closed_at: null }).lean().exec();
    const index = new Map(players.map((p, i) => [p.id, i]));
    for (const doc of open) {
      for (const id of doc.player_ids) {
        if (statuses[index.get(id)!].session_id !== String(doc._id)) problems.push(`${id}: in open session ${String(doc._id)}, status says ${JSON.stringify(statuses[index.get(id)!])}`);
      }
    }
    await inBatches(players.length, 20, async (i) => {
      const p = players[i];
      const status = statuses[i];
      const join = await http.post('/api/v1/queue/join').set(p.auth).send({});
      if (status.status === 'matched') {
        const session = await http.get(`/api/v1/sessions/${status.session_id}/state`).set(serverAuth(survivor));
        const inIt = session.status === 200 && (session.body.players as { player_id: string }[]).some((x) => x.player_id === p.id);
        if (!inIt || !['waiting', 'active'].includes(session.body.status)) problems.push(`${p.id}: matched with ${status.session_id}, which answers ${session.status}`);
        if (join.status !== 409 || !String(join.body.message).includes(status.session_id!)) problems.push(`${p.id}: matched, but join answers ${join.status} ${join.body.message}`);
      } else if (status.status === 'queued') {
        if (join.status !== 409) problems.push(`${p.id}: queued, but join answers ${join.status}`);
      } else if (join.status !== 200) {
        problems.push(`${p.id}: idle, but join answers ${join.status} ${join.body.message}`);
      }
    });
    expect(problems).toEqual([]);
  }, 180_000);
});
