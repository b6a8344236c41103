import { getModelToken } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MatchResultDocument, MODELS, PlayerDocument, RatingHistoryDocument, SessionDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { PlayerStatsCache } from '../apps/api/src/players/player-stats.cache';
import { MatchResultsService } from '../apps/api/src/ratings/match-results.service';
import { RatingRepairJob } from '../apps/api/src/ratings/rating-repair.job';
import { EloRatingSystem, Outcome } from '../apps/api/src/ratings/domain';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

interface Change {
  player_id: string;
  old_rating: number;
  new_rating: number;
  change: number;
}

describe('Ratings', () => {
  let t: TestApp;
  let redis: RedisClient;
  /** The pool fields beside every rating of the default pool. */
  const ELO = { pool: 'default', system: 'elo', rd: null, volatility: null, mu: null, sigma: null };
  const elo = new EloRatingSystem({ initialRating: 1200, seasonReset: 0.5, kFactor: 32, provisionalKFactor: 40, provisionalGames: 0 });

  beforeAll(async () => {
    // The repair job is driven by hand here, so a scheduled pass never races the assertions.
    t = await startTestApp({ env: { RATING_REPAIR_INTERVAL_MS: '3600000' } });
    redis = t.app.get<RedisClient>(REDIS);
  });

  afterAll(() => t.close());

  const model = <T>(name: string) => t.app.get<Model<T>>(getModelToken(name));
  const report = (auth: Record<string, string>, body: Record<string, unknown>) => t.http.post('/api/v1/matches/result').set(auth).send(body);
  const server = () => serverAuth(t);

  async function newSession(players: TestPlayer[]): Promise<string> {
    const res = await t.http.post('/api/v1/sessions/create').set(server()).send({ player_ids: players.map((p) => p.id) }).expect(201);
    return res.body.session_id as string;
  }

  async function sessionStatus(sessionId: string): Promise<string> {
    const doc = await model<SessionDocument>(MODELS.session).findById(sessionId).lean().exec();
    return doc!.status;
  }

  async function durable(playerId: string) {
    const doc = await model<PlayerDocument>(MODELS.player).findById(playerId).lean().exec();
    return doc!.profile;
  }

  async function historyCount(playerId: string): Promise<number> {
    return model<RatingHistoryDocument>(MODELS.ratingHistory).countDocuments({ player_id: playerId }).exec();
  }

  async function rated(rating: number): Promise<TestPlayer> {
    return createPlayer(t, { rating });
  }

  describe('POST /api/v1/matches/result', () => {
    it('applies a game server result at once: ratings, stats, history, leaderboard, session completed, players freed', async () => {
      const [a, b] = await Promise.all([rated(1400), rated(1200)]);
      const sessionId = await newSession([a, b]);

      const res = await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      expect(res.body).toEqual({
        session_id: sessionId,
        status: 'applied',
        rated: true,
        changes: [
          { player_id: a.id, team: 0, old_rating: 1400, new_rating: 1408, change: 8 },
          { player_id: b.id, team: 1, old_rating: 1200, new_rating: 1192, change: -8 },
        ],
      });

      expect(await durable(a.id)).toMatchObject({ current_rating: 1408, games_played: 1, wins: 1, losses: 0, draws: 0 });
      expect(await durable(b.id)).toMatchObject({ current_rating: 1192, games_played: 1, wins: 0, losses: 1, draws: 0 });
      expect(await t.app.get(PlayerStatsCache).read(b.id)).toMatchObject({ current_rating: 1192, games_played: 1, losses: 1, win_rate: 0 });
      expect(Number(await redis.zscore(keys.leaderboard(), a.id))).toBe(1408);

      const rating = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
      expect(rating.body).toEqual({
        player_id: a.id,
        rating: 1408,
        games_played: 1,
        win_rate: 1,
        history: [{ timestamp: expect.any(String), rating: 1408, change: 8, session_id: sessionId, opponent_id: b.id, outcome: 1 }],
        ...ELO,
        pools: [{ pool: 'default', system: 'elo', rating: 1408, games_played: 1 }],
      });

      expect(await sessionStatus(sessionId)).toBe('completed');
      const session = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(server()).expect(200);
      expect(session.body.status).toBe('completed');
      expect(session.body.history.map((h: { event: string }) => h.event)).toContain('result_applied');
      expect(await t.app.get(PlayerStateStore).get(a.id)).toEqual({ state: 'idle' });
      expect(await t.app.get(PlayerStateStore).get(b.id)).toEqual({ state: 'idle' });

      const calculated = t.logs.events('rating_calculated').find((line) => line.session_id === sessionId)!;
      expect(calculated.service).toBe('rating');
      expect(calculated.details.players).toEqual([
        { player_id: a.id, rating_before: 1400, rating_after: 1408, change: 8, expected_score: 0.7597, k: 32, outcome: 1 },
        { player_id: b.id, rating_before: 1200, rating_after: 1192, change: -8, expected_score: 0.2403, k: 32, outcome: 0 },
      ]);
      expect(t.logs.events('match_result_reported').some((line) => line.session_id === sessionId)).toBe(true);
      expect(t.logs.events('match_result_applied').some((line) => line.session_id === sessionId)).toBe(true);
    });

    it('keeps the first player report pending and applies when the opponent agrees (from either side)', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);

      const first = await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 0.5 }).expect(200);
      expect(first.body).toEqual({ session_id: sessionId, status: 'pending', rated: true, changes: [] });
      expect((await durable(a.id)).games_played).toBe(0);
      expect(await sessionStatus(sessionId)).toBe('waiting');

      // The opponent states the same draw from their own side.
      const second = await report(b.auth, { session_id: sessionId, player_id: b.id, outcome: 0.5 }).expect(200);
      expect(second.body).toEqual({
        session_id: sessionId,
        status: 'applied',
        rated: true,
        changes: [
          { player_id: a.id, team: 0, old_rating: 1200, new_rating: 1200, change: 0 },
          { player_id: b.id, team: 1, old_rating: 1200, new_rating: 1200, change: 0 },
        ],
      });
      expect(await durable(a.id)).toMatchObject({ games_played: 1, draws: 1 });
      expect(await durable(b.id)).toMatchObject({ games_played: 1, draws: 1 });
      expect(await sessionStatus(sessionId)).toBe('completed');

      // The first reporter retrying now learns the applied result.
      const retry = await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 0.5 }).expect(200);
      expect(retry.body).toEqual(second.body);
    });

    it('returns 409 and disputes the session when the players disagree; a game server then settles it', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);

      await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      const conflict = await report(b.auth, { session_id: sessionId, player_id: b.id, outcome: 1 }).expect(409);
      expect(conflict.body.message).toMatch(/disputed/);
      expect(await sessionStatus(sessionId)).toBe('disputed');
      expect((await durable(a.id)).games_played).toBe(0);
      expect((await durable(b.id)).games_played).toBe(0);
      expect(await t.app.get(PlayerStateStore).get(a.id)).toEqual({ state: 'idle' });
      expect(t.logs.events('match_result_disputed').some((line) => line.session_id === sessionId)).toBe(true);

      // Players cannot settle it, whatever they say now.
      await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(409);
      await report(b.auth, { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(409);

      const settled = await report(server(), { session_id: sessionId, player_id: b.id, outcome: 1 }).expect(200);
      expect(settled.body.status).toBe('applied');
      expect(settled.body.changes).toEqual([
        { player_id: a.id, team: 0, old_rating: 1200, new_rating: 1184, change: -16 },
        { player_id: b.id, team: 1, old_rating: 1200, new_rating: 1216, change: 16 },
      ]);
      expect(await sessionStatus(sessionId)).toBe('completed');
    });

    it('returns the same body for the same result again, applying it once', async () => {
      const [a, b] = await Promise.all([rated(1300), rated(1250)]);
      const sessionId = await newSession([a, b]);
      const body = { session_id: sessionId, player_id: b.id, outcome: 0 };

      const first = await report(server(), body).expect(200);
      const again = await report(server(), body).expect(200);
      // The same result stated from the other player's side is the same result.
      const mirrored = await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      expect(again.body).toEqual(first.body);
      expect(mirrored.body).toEqual(first.body);
      expect(await durable(a.id)).toMatchObject({ games_played: 1, wins: 1, current_rating: first.body.changes[0].new_rating });
      expect(await historyCount(a.id)).toBe(1);
    });

    it('returns 409 for a different result once one was applied', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);

      const res = await report(server(), { session_id: sessionId, player_id: a.id, outcome: 0.5 }).expect(409);
      expect(res.body.message).toMatch(/already applied/);
      await report(b.auth, { session_id: sessionId, player_id: b.id, outcome: 1 }).expect(409);
      expect(await durable(a.id)).toMatchObject({ games_played: 1, current_rating: 1216 });
    });

    it('never lets a single player award themselves a win', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);

      await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      const again = await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      // Reporting "for" the opponent is the same claim and still needs the opponent's confirmation.
      const forOpponent = await report(a.auth, { session_id: sessionId, player_id: b.id, outcome: 0 }).expect(200);
      expect(again.body).toEqual({ session_id: sessionId, status: 'pending', rated: true, changes: [] });
      expect(forOpponent.body.status).toBe('pending');
      const changed = await report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 0.5 }).expect(409);
      expect(changed.body.message).toMatch(/cannot be changed/);
      expect(await durable(a.id)).toMatchObject({ games_played: 0, current_rating: 1200 });
      expect(await sessionStatus(sessionId)).toBe('waiting');
    });

    it('validates the body, the session and who reports', async () => {
      const [a, b, c] = await Promise.all([rated(1200), rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      const ok = { session_id: sessionId, player_id: a.id, outcome: 1 };

      await t.http.post('/api/v1/matches/result').send(ok).expect(401);
      await report(server(), { ...ok, outcome: 2 }).expect(400);
      await report(server(), { ...ok, outcome: '1' }).expect(400);
      await report(server(), { session_id: sessionId, player_id: a.id }).expect(400);
      await report(server(), { ...ok, session_id: 'nope' }).expect(400);
      await report(server(), { ...ok, extra: true }).expect(400);
      const unknown = await report(server(), { ...ok, session_id: new Types.ObjectId().toHexString() }).expect(404);
      expect(unknown.body.message).toMatch(/not found/);
      const outsider = await report(server(), { ...ok, player_id: c.id }).expect(400);
      expect(outsider.body.message).toMatch(/not in session/);
      // Not the reporter's session: answered exactly like an unknown one.
      expect((await report(c.auth, ok).expect(404)).body.message).toBe(`Session ${sessionId} not found`);

      const trio = await rated(1200);
      const [d, e] = await Promise.all([rated(1200), rated(1200)]);
      const threeId = await newSession([trio, d, e]);
      const three = await report(server(), { session_id: threeId, player_id: trio.id, outcome: 1 }).expect(400);
      expect(three.body.message).toMatch(/2-player/);

      // An abandoned session takes no result.
      const abandonedId = await newSession([c, await rated(1200)]);
      await t.http.put(`/api/v1/sessions/${abandonedId}/update`).set(server()).send({ status: 'abandoned' }).expect(200);
      await report(server(), { session_id: abandonedId, player_id: c.id, outcome: 1 }).expect(409);
      expect(await durable(a.id)).toMatchObject({ games_played: 0 });
    });

    it('applies exactly once when 20 identical results arrive at the same time', async () => {
      const [a, b] = await Promise.all([rated(1250), rated(1200)]);
      const sessionId = await newSession([a, b]);

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          report(server(), i % 2 ? { session_id: sessionId, player_id: a.id, outcome: 1 } : { session_id: sessionId, player_id: b.id, outcome: 0 }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      for (const res of responses) expect(res.body).toEqual(responses[0].body);

      const [changeA, changeB] = responses[0].body.changes as Change[];
      expect(changeA).toEqual({ player_id: a.id, team: 0, old_rating: 1250, new_rating: 1250 + elo.calculateRatingChange(1250, 1200, 1), change: elo.calculateRatingChange(1250, 1200, 1) });
      expect(changeB.change).toBe(-changeA.change);
      expect(await durable(a.id)).toMatchObject({ current_rating: changeA.new_rating, games_played: 1, wins: 1 });
      expect(await durable(b.id)).toMatchObject({ current_rating: changeB.new_rating, games_played: 1, losses: 1 });
      expect(await historyCount(a.id)).toBe(1);
      expect(await historyCount(b.id)).toBe(1);
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: changeA.new_rating, games_played: 1 });
      expect(t.logs.events('match_result_applied').filter((line) => line.session_id === sessionId)).toHaveLength(1);
    });

    it('applies once when both players report the same result many times concurrently', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);

      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 ? report(a.auth, { session_id: sessionId, player_id: a.id, outcome: 0 }) : report(b.auth, { session_id: sessionId, player_id: b.id, outcome: 1 }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      const applied = responses.filter((r) => r.body.status === 'applied');
      expect(applied.length).toBeGreaterThanOrEqual(1);
      for (const res of applied) expect(res.body).toEqual(applied[0].body);
      expect(await durable(b.id)).toMatchObject({ games_played: 1, wins: 1, current_rating: 1216 });
      expect(await historyCount(b.id)).toBe(1);
    });

    it('gives, for 50 results submitted at once, exactly what applying them one by one gives', async () => {
      const initial = [1000, 1100, 1150, 1200, 1200, 1250, 1300, 1400, 1500, 1650];
      const players = await Promise.all(initial.map((rating) => rated(rating)));
      const initialOf = new Map(players.map((p, i) => [p.id, initial[i]]));

      // Overlapping sessions: each player is in 10 of them. A player can be in one unfinished session at a time, so
      // each is created and marked completed by the game server first; the results then all arrive together.
      const plan: { a: TestPlayer; b: TestPlayer; outcome: Outcome }[] = [];
      for (let round = 0; round < 10; round++) {
        // A different pairing each round (3 is coprime to 10, so this is a permutation of the ten players).
        const order = players.map((_, i) => (i * 3 + round * 7) % 10);
        for (let n = 0; n < 5; n++) {
          plan.push({ a: players[order[2 * n]], b: players[order[2 * n + 1]], outcome: ([1, 0, 0.5] as Outcome[])[(round + n) % 3] });
        }
      }
      expect(plan).toHaveLength(50);

      const sessionIds: string[] = [];
      for (let round = 0; round < 10; round++) {
        const batch = plan.slice(round * 5, round * 5 + 5);
        const ids = await Promise.all(batch.map((m) => newSession([m.a, m.b])));
        for (const status of ['active', 'completed']) {
          await Promise.all(ids.map((id) => t.http.put(`/api/v1/sessions/${id}/update`).set(server()).send({ status }).expect(200)));
        }
        sessionIds.push(...ids);
      }

      const started = Date.now();
      const responses = await Promise.all(plan.map((m, i) => report(server(), { session_id: sessionIds[i], player_id: m.a.id, outcome: m.outcome })));
      const elapsed = Date.now() - started;
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));

      // The order the server applied them in: each session's history timestamp (strictly increasing per player).
      const appliedAt = new Map<string, number>();
      const historyOf = new Map<string, { timestamp: string; session_id: string; rating: number; change: number }[]>();
      for (const p of players) {
        const res = await t.http.get(`/api/v1/players/${p.id}/rating?limit=100`).set(server()).expect(200);
        historyOf.set(p.id, res.body.history);
        for (const h of res.body.history) appliedAt.set(h.session_id, Date.parse(h.timestamp));
      }
      expect(appliedAt.size).toBe(50);
      const order = plan.map((m, i) => ({ ...m, sessionId: sessionIds[i], response: responses[i].body })).sort((x, y) => appliedAt.get(x.sessionId)! - appliedAt.get(y.sessionId)!);

      // Replay one by one with the rating system; every response must be exactly the sequential result.
      const ratingOf = new Map(initialOf);
      const stats = new Map(players.map((p) => [p.id, { games: 0, wins: 0, losses: 0, draws: 0 }]));
      for (const m of order) {
        const result = elo.rateMatch({ rating: ratingOf.get(m.a.id)!, gamesPlayed: 0 }, { rating: ratingOf.get(m.b.id)!, gamesPlayed: 0 }, m.outcome);
        expect(m.response.changes).toEqual([
          { player_id: m.a.id, team: 0, old_rating: result.a.oldRating, new_rating: result.a.newRating, change: result.a.change },
          { player_id: m.b.id, team: 1, old_rating: result.b.oldRating, new_rating: result.b.newRating, change: result.b.change },
        ]);
        ratingOf.set(m.a.id, result.a.newRating);
        ratingOf.set(m.b.id, result.b.newRating);
        for (const [id, outcome] of [[m.a.id, m.outcome], [m.b.id, 1 - m.outcome]] as [string, number][]) {
          const s = stats.get(id)!;
          s.games++;
          if (outcome === 1) s.wins++;
          else if (outcome === 0) s.losses++;
          else s.draws++;
        }
      }

      const board = await t.http.get('/api/v1/leaderboard?limit=100').set(server()).expect(200);
      for (const p of players) {
        const expected = stats.get(p.id)!;
        expect(await durable(p.id)).toMatchObject({
          current_rating: ratingOf.get(p.id),
          games_played: expected.games,
          wins: expected.wins,
          losses: expected.losses,
          draws: expected.draws,
        });
        expect(await t.app.get(PlayerStatsCache).read(p.id)).toMatchObject({ current_rating: ratingOf.get(p.id), games_played: expected.games, wins: expected.wins });
        expect(Number(await redis.zscore(keys.leaderboard(), p.id))).toBe(ratingOf.get(p.id));
        expect(board.body.find((e: { player_id: string }) => e.player_id === p.id)).toMatchObject({ username: p.username, rating: ratingOf.get(p.id) });
        // Each history is a continuous chain from the initial rating to the final one.
        const chain = [...historyOf.get(p.id)!].reverse();
        expect(chain).toHaveLength(10);
        let rating = initialOf.get(p.id)!;
        for (const h of chain) {
          expect(h.rating - h.change).toBe(rating);
          rating = h.rating;
        }
        expect(rating).toBe(ratingOf.get(p.id));
      }
      // Zero-sum overall: no points created or lost.
      expect([...ratingOf.values()].reduce((x, y) => x + y, 0)).toBe(initial.reduce((x, y) => x + y, 0));
      expect(elapsed).toBeLessThan(20000);
    });
  });

  describe('crash between commit and Redis refresh', () => {
    it('finishes the refresh on retry, without applying twice', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      const service = t.app.get(MatchResultsService);
      // The process "dies" right after the commit: none of the post-commit work happens.
      const crash = jest.spyOn(service, 'refreshCaches').mockResolvedValueOnce(false);
      const body = { session_id: sessionId, player_id: a.id, outcome: 1 };

      const first = await report(server(), body).expect(200);
      crash.mockRestore();
      expect(await durable(a.id)).toMatchObject({ current_rating: 1216, games_played: 1 });
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: 1200, games_played: 0 });
      expect(await redis.zscore(keys.leaderboard(), a.id)).toBeNull();
      expect(await t.app.get(PlayerStateStore).get(a.id)).toMatchObject({ state: 'in_session', sessionId });

      const retry = await report(server(), body).expect(200);
      expect(retry.body).toEqual(first.body);
      expect(await durable(a.id)).toMatchObject({ current_rating: 1216, games_played: 1, wins: 1 });
      expect(await historyCount(a.id)).toBe(1);
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: 1216, games_played: 1 });
      expect(await t.app.get(PlayerStatsCache).read(b.id)).toMatchObject({ current_rating: 1184, games_played: 1 });
      expect(Number(await redis.zscore(keys.leaderboard(), b.id))).toBe(1184);
      expect(await t.app.get(PlayerStateStore).get(a.id)).toEqual({ state: 'idle' });
      const stored = await model<MatchResultDocument>(MODELS.matchResult).findOne({ session_id: sessionId }).lean().exec();
      expect(stored).toMatchObject({ status: 'applied', cache_synced: true });
    });

    it('restores Redis entries lost after the commit when the result is retried', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      const body = { session_id: sessionId, player_id: b.id, outcome: 1 };
      const first = await report(server(), body).expect(200);
      await redis.del(keys.playerStats(a.id), keys.playerStats(b.id));
      await redis.zrem(keys.leaderboard(), a.id, b.id);

      expect((await report(server(), body).expect(200)).body).toEqual(first.body);
      expect(await t.app.get(PlayerStatsCache).read(b.id)).toMatchObject({ current_rating: 1216, games_played: 1, wins: 1 });
      expect(Number(await redis.zscore(keys.leaderboard(), a.id))).toBe(1184);
      expect(await historyCount(b.id)).toBe(1);
    });

    it('is finished by the repair job when nobody retries', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1300)]);
      const sessionId = await newSession([a, b]);
      jest.spyOn(t.app.get(MatchResultsService), 'refreshCaches').mockResolvedValueOnce(false);
      const res = await report(server(), { session_id: sessionId, player_id: a.id, outcome: 0.5 }).expect(200);
      const [changeA] = res.body.changes as Change[];
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: 1200, games_played: 0 });

      const repaired = await t.app.get(RatingRepairJob).repair(new Date(Date.now() + 60_000));
      expect(repaired.resynced).toBeGreaterThanOrEqual(1);
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: changeA.new_rating, games_played: 1, draws: 1 });
      expect(Number(await redis.zscore(keys.leaderboard(), a.id))).toBe(changeA.new_rating);
      expect(await t.app.get(PlayerStateStore).get(b.id)).toEqual({ state: 'idle' });
    });
  });

  describe('GET /api/v1/players/{id}/rating', () => {
    it('pages the history newest first with limit and before', async () => {
      const hero = await rated(1500);
      const opponents = await Promise.all(Array.from({ length: 5 }, () => rated(1500)));
      const sessions: string[] = [];
      for (const [i, opponent] of opponents.entries()) {
        const sessionId = await newSession([hero, opponent]);
        await report(server(), { session_id: sessionId, player_id: hero.id, outcome: i % 2 ? 0 : 1 }).expect(200);
        sessions.push(sessionId);
      }
      const get = (query: string) => t.http.get(`/api/v1/players/${hero.id}/rating${query}`).set(hero.auth);

      const all = await get('').expect(200);
      expect(all.body).toMatchObject({ player_id: hero.id, games_played: 5, win_rate: 0.6 });
      expect(all.body.history.map((h: { session_id: string }) => h.session_id)).toEqual([...sessions].reverse());
      expect(all.body.history[0].rating).toBe(all.body.rating);
      expect(all.body.history[0]).toMatchObject({ opponent_id: opponents[4].id, outcome: 1 });

      const page1 = await get('?limit=2').expect(200);
      const page2 = await get(`?limit=2&before=${encodeURIComponent(page1.body.history[1].timestamp)}`).expect(200);
      const page3 = await get(`?limit=2&before=${encodeURIComponent(page2.body.history[1].timestamp)}`).expect(200);
      expect(page3.body.history).toHaveLength(1);
      expect([...page1.body.history, ...page2.body.history, ...page3.body.history]).toEqual(all.body.history);

      for (const bad of ['?limit=0', '?limit=101', '?limit=abc', '?limit=2.5', '?before=yesterday', '?before=2026-13-01T00:00:00Z', '?other=1']) {
        await get(bad).expect(400);
      }
      await get('?limit=100').expect(200);
    });

    it('serves from Redis and falls back to MongoDB (refilling Redis) when the cache is gone', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);

      const first = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
      expect(await redis.exists(keys.ratingHistory(a.id))).toBe(1);
      // The cached page answers exactly as the page read from MongoDB did.
      const cached = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
      expect(cached.body).toEqual(first.body);
      await redis.del(keys.playerStats(a.id), keys.ratingHistory(a.id));
      const again = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await t.app.get(PlayerStatsCache).read(a.id)).toMatchObject({ current_rating: 1216, games_played: 1 });

      // A new result invalidates the cached page.
      const next = await newSession([a, b]);
      await report(server(), { session_id: next, player_id: a.id, outcome: 0 }).expect(200);
      const after = await t.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200);
      expect(after.body.history.map((h: { session_id: string }) => h.session_id)).toEqual([next, sessionId]);
    });

    it('returns 404 for an unknown player and 400 for a malformed id', async () => {
      const viewer = await rated(1200);
      const unknown = await t.http.get(`/api/v1/players/${new Types.ObjectId().toHexString()}/rating`).set(viewer.auth).expect(404);
      expect(unknown.body.message).toMatch(/not found/);
      await t.http.get('/api/v1/players/not-an-id/rating').set(viewer.auth).expect(400);
      await t.http.get(`/api/v1/players/${viewer.id}/rating`).expect(401);
      const fresh = await t.http.get(`/api/v1/players/${viewer.id}/rating`).set(viewer.auth).expect(200);
      expect(fresh.body).toEqual({
        player_id: viewer.id,
        rating: 1200,
        games_played: 0,
        win_rate: 0,
        history: [],
        ...ELO,
        pools: [{ pool: 'default', system: 'elo', rating: 1200, games_played: 0 }],
      });
    });
  });

  describe('GET /api/v1/leaderboard', () => {
    it('lists the top players by rating with competition ranks and usernames', async () => {
      const [top, second, third, fourth] = await Promise.all([rated(4000), rated(3990), rated(3900), rated(3900)]);
      const s1 = await newSession([top, second]);
      const s2 = await newSession([third, fourth]);
      await report(server(), { session_id: s1, player_id: top.id, outcome: 1 }).expect(200);
      await report(server(), { session_id: s2, player_id: third.id, outcome: 0.5 }).expect(200);
      // 4000 beats 3990: +16 / −16; the 3900s draw and stay level, sharing a rank.

      const res = await t.http.get('/api/v1/leaderboard?limit=4').set(top.auth).expect(200);
      expect(res.body).toEqual([
        { rank: 1, player_id: top.id, username: top.username, rating: 4016, ...ELO },
        { rank: 2, player_id: second.id, username: second.username, rating: 3974, ...ELO },
        { rank: 3, player_id: expect.any(String), username: expect.any(String), rating: 3900, ...ELO },
        { rank: 3, player_id: expect.any(String), username: expect.any(String), rating: 3900, ...ELO },
      ]);
      expect(res.body.slice(2).map((e: { player_id: string }) => e.player_id).sort()).toEqual([third.id, fourth.id].sort());

      const byDefault = await t.http.get('/api/v1/leaderboard').set(server()).expect(200);
      expect(byDefault.body.length).toBeGreaterThan(4);
      expect(byDefault.body.length).toBeLessThanOrEqual(10);
      for (const bad of ['0', '101', 'ten', '1.5']) await t.http.get(`/api/v1/leaderboard?limit=${bad}`).set(server()).expect(400);
      await t.http.get('/api/v1/leaderboard').expect(401);
    });

    it('returns a player\'s rank, null while unranked, 404 for unknown and 400 for malformed ids', async () => {
      const [a, b, newcomer] = await Promise.all([rated(4500), rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);

      const ranked = await t.http.get(`/api/v1/leaderboard/${a.id}`).set(b.auth).expect(200);
      expect(ranked.body).toEqual({ player_id: a.id, rank: 1, rating: 4500, ...ELO });
      const unranked = await t.http.get(`/api/v1/leaderboard/${newcomer.id}`).set(b.auth).expect(200);
      expect(unranked.body).toEqual({ player_id: newcomer.id, rank: null, rating: 1200, ...ELO });
      await t.http.get(`/api/v1/leaderboard/${new Types.ObjectId().toHexString()}`).set(b.auth).expect(404);
      await t.http.get('/api/v1/leaderboard/xyz').set(b.auth).expect(400);

      // A rated player missing from the board (Redis lost it) is put back from MongoDB.
      await redis.zrem(keys.leaderboard(), a.id);
      expect((await t.http.get(`/api/v1/leaderboard/${a.id}`).set(b.auth).expect(200)).body).toEqual({ player_id: a.id, rank: 1, rating: 4500, ...ELO });
    });

    it('is rebuilt from MongoDB by the repair job when Redis lost it', async () => {
      const [a, b] = await Promise.all([rated(1200), rated(1200)]);
      const sessionId = await newSession([a, b]);
      await report(server(), { session_id: sessionId, player_id: a.id, outcome: 1 }).expect(200);
      const before = await redis.zrevrange(keys.leaderboard(), 0, -1, 'WITHSCORES');

      await redis.del(keys.leaderboard());
      const repaired = await t.app.get(RatingRepairJob).repair();
      expect(repaired.leaderboardRebuilt).toBeGreaterThan(0);
      expect(await redis.zrevrange(keys.leaderboard(), 0, -1, 'WITHSCORES')).toEqual(before);
    });
  });
});
