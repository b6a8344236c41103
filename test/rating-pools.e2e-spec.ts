import { getModelToken } from '@nestjs/mongoose';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model } from 'mongoose';
import { MODELS } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import SHIPPED_MODES from '../libs/config/src/match-modes.default.json';
import { MatchQueue } from '../apps/api/src/matchmaking/match-queue';
import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { PoolRatingStore } from '../apps/api/src/ratings/pool-rating.store';
import { RatingPools } from '../apps/api/src/ratings/rating-pools';
import { RatingRepairJob } from '../apps/api/src/ratings/rating-repair.job';
import type { PoolRatingDocument } from '../apps/api/src/ratings/persistence/pool-rating.schema';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

/** Pools shipped in the default configuration: `glicko` (mode glicko_1v1) and `openskill` (mode openskill_2v2). */
describe('Rating pools', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATING_REPAIR_INTERVAL_MS: '3600000' } });
  });

  afterAll(() => t.close());

  const server = () => serverAuth(t);

  async function play(mode: string, winner: TestPlayer, loser: TestPlayer, outcome: 0 | 0.5 | 1 = 1) {
    const created = await t.http.post('/api/v1/sessions/create').set(server()).send({ player_ids: [winner.id, loser.id], mode }).expect(201);
    const res = await t.http.post('/api/v1/matches/result').set(server()).send({ session_id: created.body.session_id, player_id: winner.id, outcome }).expect(200);
    return res.body as { status: string; changes: { player_id: string; old_rating: number; new_rating: number; change: number }[] };
  }

  const rating = (p: TestPlayer, pool?: string) => t.http.get(`/api/v1/players/${p.id}/rating${pool ? `?pool=${pool}` : ''}`).set(p.auth).expect(200);

  describe('GET /api/v1/players/{id}/rating?pool=', () => {
    it('rates a glicko_1v1 session in the Glicko-2 pool only, with RD and volatility beside the rating', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const applied = await play('glicko_1v1', a, b);
      // Two new players (1500, RD 350): the winner gains what the loser loses.
      expect(applied.status).toBe('applied');
      expect(applied.changes[0]).toMatchObject({ player_id: a.id, old_rating: 1500 });
      expect(applied.changes[0].change).toBeGreaterThan(100);
      expect(applied.changes[1].change).toBe(-applied.changes[0].change);

      const glicko = (await rating(a, 'glicko')).body;
      expect(glicko).toMatchObject({ player_id: a.id, pool: 'glicko', system: 'glicko2', rating: applied.changes[0].new_rating, games_played: 1, win_rate: 1, mu: null, sigma: null });
      expect(glicko.rd).toBeGreaterThan(0);
      expect(glicko.rd).toBeLessThan(350);
      expect(glicko.volatility).toBeCloseTo(0.06, 3);
      expect(glicko.history).toEqual([expect.objectContaining({ rating: applied.changes[0].new_rating, opponent_id: b.id, outcome: 1 })]);
      expect(glicko.pools).toEqual([
        { pool: 'default', system: 'elo', rating: 1200, games_played: 0 },
        { pool: 'glicko', system: 'glicko2', rating: applied.changes[0].new_rating, games_played: 1 },
      ]);

      // Pools are independent: the default Elo rating did not move.
      expect((await rating(a)).body).toMatchObject({ pool: 'default', system: 'elo', rating: 1200, games_played: 0, history: [] });

      const board = (await t.http.get('/api/v1/leaderboard?pool=glicko&limit=100').set(a.auth).expect(200)).body as { player_id: string; rd: number }[];
      expect(board.find((e) => e.player_id === a.id)).toMatchObject({ pool: 'glicko', system: 'glicko2', rating: applied.changes[0].new_rating, rd: glicko.rd });
      const defaultBoard = (await t.http.get('/api/v1/leaderboard?limit=100').set(a.auth).expect(200)).body as { player_id: string }[];
      expect(defaultBoard.some((e) => e.player_id === a.id)).toBe(false);
      const rank = (await t.http.get(`/api/v1/leaderboard/${b.id}?pool=glicko`).set(a.auth).expect(200)).body;
      expect(rank).toMatchObject({ player_id: b.id, pool: 'glicko', rating: applied.changes[1].new_rating });
      expect(rank.rank).toBeGreaterThan(0);

      // Matchmaking in glicko_1v1 pairs by the Glicko-2 rating, ranked_1v1 by the default Elo rating.
      for (const [mode, expected] of [['glicko_1v1', applied.changes[0].new_rating], ['ranked_1v1', 1200]] as const) {
        await t.http.post('/api/v1/queue/join').set(a.auth).send({ mode }).expect(200);
        const joined = t.logs.events('queue_joined').filter((line) => line.player_id === a.id).pop()!;
        expect(joined.details).toMatchObject({ mode, rating: expected });
        await t.http.delete('/api/v1/queue/leave').set(a.auth).expect(204);
      }

      await t.http.get(`/api/v1/players/${a.id}/rating?pool=nope`).set(a.auth).expect(404);
      await t.http.get(`/api/v1/players/${a.id}/rating?pool=Bad-Name`).set(a.auth).expect(400);
      await t.http.get('/api/v1/leaderboard?pool=nope').set(a.auth).expect(404);
    });

    it('rates an openskill_2v2 session with OpenSkill: μ and σ, and a displayed scale of μ − 3σ', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const applied = await play('openskill_2v2', a, b);
      // New players show round(1000 + 40 × (25 − 3 × 25/3)) = 1000.
      expect(applied.changes.map((c) => c.old_rating)).toEqual([1000, 1000]);
      const winner = (await rating(a, 'openskill')).body;
      const loser = (await rating(b, 'openskill')).body;
      expect(winner).toMatchObject({ pool: 'openskill', system: 'openskill', rd: null, volatility: null, games_played: 1 });
      expect(winner.mu).toBeGreaterThan(25);
      expect(loser.mu).toBeLessThan(25);
      expect(winner.sigma).toBeLessThan(25 / 3);
      expect(winner.rating).toBe(Math.round(1000 + 40 * (winner.mu - 3 * winner.sigma)));
      expect(winner.rating).toBe(applied.changes[0].new_rating);
      expect((await rating(a)).body.rating).toBe(1200);
    });
  });

  describe('POST /api/v1/matches/result with placements', () => {
    it('rates an openskill_2v2 team session end to end with OpenSkill: all four players, teammates alike, numbers of the system', async () => {
      const ps = await Promise.all([1, 2, 3, 4].map(() => createPlayer(t)));
      const teams = [[ps[0].id, ps[1].id], [ps[2].id, ps[3].id]];
      const created = await t.http.post('/api/v1/sessions/create').set(server()).send({ teams, mode: 'openskill_2v2' }).expect(201);
      const sessionId = created.body.session_id as string;
      // Player reports: one per team, agreeing.
      expect((await t.http.post('/api/v1/matches/result').set(ps[1].auth).send({ session_id: sessionId, placements: [2, 1] }).expect(200)).body.status).toBe('pending');
      const res = await t.http.post('/api/v1/matches/result').set(ps[2].auth).send({ session_id: sessionId, placements: [2, 1] }).expect(200);

      const system = t.app.get(RatingPools).get('openskill').system;
      const fresh = system.initial();
      const expected = system.rate([[fresh, fresh], [fresh, fresh]], [2, 1], new Date()).flat();
      expect(res.body).toEqual({
        session_id: sessionId,
        status: 'applied',
        rated: true,
        changes: ps.map((p, i) => ({ player_id: p.id, team: i < 2 ? 0 : 1, old_rating: 1000, new_rating: expected[i].after.rating, change: expected[i].change })),
      });
      expect(res.body.changes[2].change).toBeGreaterThan(0);
      expect(res.body.changes[0].change).toBe(res.body.changes[1].change);
      for (const [i, p] of ps.entries()) {
        const r = (await rating(p, 'openskill')).body;
        expect(r).toMatchObject({ pool: 'openskill', system: 'openskill', games_played: 1, rating: expected[i].after.rating, win_rate: i < 2 ? 0 : 1 });
        expect(r.mu).toBeCloseTo(expected[i].after.mu!, 9);
        expect(r.sigma).toBeCloseTo(expected[i].after.sigma!, 9);
        // The default pool is untouched.
        expect((await rating(p)).body).toMatchObject({ rating: 1200, games_played: 0 });
      }
      const board = (await t.http.get('/api/v1/leaderboard?pool=openskill&limit=100').set(ps[0].auth).expect(200)).body as { player_id: string }[];
      expect(ps.every((p) => board.some((e) => e.player_id === p.id))).toBe(true);
    });

    it('rates a glicko_1v1 session reported with placements like the 1v1 body', async () => {
      const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createPlayer(t)));
      const viaOutcome = await play('glicko_1v1', a, b);
      const created = await t.http.post('/api/v1/sessions/create').set(server()).send({ player_ids: [c.id, d.id], mode: 'glicko_1v1' }).expect(201);
      const res = await t.http.post('/api/v1/matches/result').set(server()).send({ session_id: created.body.session_id, placements: [1, 2] }).expect(200);
      expect(res.body.changes.map((x: { change: number; team: number }) => [x.team, x.change])).toEqual(viaOutcome.changes.map((x, i) => [i, x.change]));
    });
  });

  describe('GET /api/v1/auth/profile?pool=', () => {
    it("adds the rating in the pool asked for and the player's pools; without ?pool= the profile is unchanged", async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const applied = await play('glicko_1v1', a, b);
      const glicko = (await rating(a, 'glicko')).body;

      const plain = (await t.http.get('/api/v1/auth/profile').set(a.auth).expect(200)).body;
      expect(plain.pool_rating).toBeUndefined();
      expect(plain.pools).toBeUndefined();

      const withPool = (await t.http.get('/api/v1/auth/profile?pool=glicko').set(a.auth).expect(200)).body;
      expect(withPool).toMatchObject({ ...plain, stats: { current_rating: 1200, games_played: 0 } });
      expect(withPool.pool_rating).toEqual({
        pool: 'glicko',
        system: 'glicko2',
        rating: applied.changes[0].new_rating,
        rd: glicko.rd,
        volatility: glicko.volatility,
        mu: null,
        sigma: null,
        games_played: 1,
        win_rate: 1,
      });
      expect(withPool.pools).toEqual(glicko.pools);
      const elo = (await t.http.get('/api/v1/auth/profile?pool=default').set(b.auth).expect(200)).body;
      expect(elo.pool_rating).toEqual({ pool: 'default', system: 'elo', rating: 1200, rd: null, volatility: null, mu: null, sigma: null, games_played: 0, win_rate: 0 });
      expect(elo.pools.map((p: { pool: string }) => p.pool)).toEqual(['default', 'glicko']);

      await t.http.get('/api/v1/auth/profile?pool=nope').set(a.auth).expect(404);
      await t.http.get('/api/v1/auth/profile?pool=Bad-Name').set(a.auth).expect(400);
    });
  });

  describe("the player's pools beside every rating view", () => {
    it('lists the same pools from a cold mirror (MongoDB, then filled) and a warm one; an unknown player fills nothing', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      await play('glicko_1v1', a, b);
      const redis = t.app.get<RedisClient>(REDIS);
      await redis.del(keys.poolRatings(a.id));
      const cold = (await rating(a)).body;
      expect(cold.pools.map((p: { pool: string }) => p.pool)).toEqual(['default', 'glicko']);
      expect(await redis.exists(keys.poolRatings(a.id))).toBe(1);
      const warm = (await rating(a)).body;
      expect(warm).toEqual(cold);

      const unknown = '0123456789abcdef01234567';
      await t.http.get(`/api/v1/players/${unknown}/rating`).set(a.auth).expect(404);
      expect(await redis.exists(keys.poolRatings(unknown))).toBe(0);
    });
  });

  describe('POST /api/v1/queue/join in a pool with uncertainty', () => {
    /** Stores a Glicko-2 rating as a result would have left it just now (no idle rating period: the RD is as given). */
    async function seedGlicko(player: TestPlayer, rating: number, rd: number): Promise<void> {
      const season = await t.app.get(PoolRatingStore).currentSeason('glicko');
      const games = rd >= 300 ? 1 : 40;
      await t.app.get<Model<PoolRatingDocument>>(getModelToken(MODELS.poolRating)).insertMany([
        { pool: 'glicko', player_id: player.id, rating, rd, volatility: 0.06, mu: null, sigma: null, games_played: games, wins: games, losses: 0, draws: 0, rated_at: new Date(), season },
      ]);
    }
    const status = async (p: TestPlayer) => (await t.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body;
    /** A window shown `waited_seconds` (floored) after joining: `start` grown at 20/s, read within a second. */
    const windowAfter = (start: number, body: { waited_seconds: number; rating_window: number }) => {
      expect(body.rating_window).toBeGreaterThanOrEqual(Math.min(400, start + 20 * body.waited_seconds));
      expect(body.rating_window).toBeLessThanOrEqual(Math.min(400, start + 20 * (body.waited_seconds + 1)));
    };

    it('matches a new player (RD 350, window 275) at once with a partner 250 points away; settled players (RD 60, window 130) with the same gap wait', async () => {
      const redis = t.app.get<RedisClient>(REDIS);
      const [fresh, far, low, high] = await Promise.all([1, 2, 3, 4].map(() => createPlayer(t)));
      // `fresh` has never played in the pool: 1500, RD 350. `far` is as unsure, 250 points above.
      await seedGlicko(far, 1750, 350);
      await seedGlicko(low, 2500, 60);
      await seedGlicko(high, 2750, 60);

      expect((await t.http.post('/api/v1/queue/join').set(far.auth).send({ mode: 'glicko_1v1' }).expect(200)).body.status).toBe('queued');
      // The ticket of record carries its window bonus (0.5 × RD) as a 5th field; status shows the ticket's own window.
      expect(await redis.hget(keys.queue.tickets('glicko_1v1'), far.id)).toMatch(/^1750\|\d+\|\|\|175$/);
      windowAfter(275, await status(far));
      const joined = await t.http.post('/api/v1/queue/join').set(fresh.auth).send({ mode: 'glicko_1v1' }).expect(200);
      // The opponent is shown with the rating the match was made by: the pool's, not the default Elo rating.
      expect(joined.body).toMatchObject({ status: 'matched', opponent: { player_id: far.id, rating: 1750 } });
      expect((await status(far)).opponent).toMatchObject({ player_id: fresh.id, rating: 1500 });
      expect(t.logs.events('queue_joined').filter((line) => line.player_id === fresh.id).pop()!.details).toMatchObject({ rating: 1500, window_bonus: 175 });

      expect((await t.http.post('/api/v1/queue/join').set(low.auth).send({ mode: 'glicko_1v1' }).expect(200)).body.status).toBe('queued');
      expect((await t.http.post('/api/v1/queue/join').set(high.auth).send({ mode: 'glicko_1v1' }).expect(200)).body.status).toBe('queued');
      expect(await redis.hget(keys.queue.tickets('glicko_1v1'), high.id)).toMatch(/^2750\|\d+\|\|\|30$/);
      const waiting = await status(high);
      expect(waiting).toMatchObject({ status: 'queued', mode: 'glicko_1v1' });
      windowAfter(130, waiting);
      await t.http.delete('/api/v1/queue/leave').set(low.auth).expect(204);
      await t.http.delete('/api/v1/queue/leave').set(high.auth).expect(204);

      // An Elo mode keeps the mode's windows and the 4-field ticket of before.
      await t.http.post('/api/v1/queue/join').set(low.auth).send({ mode: 'ranked_1v1' }).expect(200);
      expect(await redis.hget(keys.queue.tickets('ranked_1v1'), low.id)).toMatch(/^1200\|\d+\|\|$/);
      windowAfter(100, await status(low));
      await t.http.delete('/api/v1/queue/leave').set(low.auth).expect(204);
    });

    it("pairs on the tick by each ticket's own window: a settled player meets a new one 200 points away once its own window reaches", async () => {
      const [settled, fresh] = await Promise.all([1, 2].map(() => createPlayer(t)));
      await seedGlicko(settled, 4000, 60);
      await seedGlicko(fresh, 4200, 350);
      expect((await t.http.post('/api/v1/queue/join').set(settled.auth).send({ mode: 'glicko_1v1' }).expect(200)).body.status).toBe('queued');
      // The new player's window (275) reaches 200, the settled one's (130) does not yet: no match on join.
      expect((await t.http.post('/api/v1/queue/join').set(fresh.auth).send({ mode: 'glicko_1v1' }).expect(200)).body.status).toBe('queued');
      const matchmaker = t.app.get(MatchmakerService);
      // 2 s later the settled window is at most 130 + 20 × 3 = 190 < 200 (the mode's 100-point start would be far off too).
      expect((await matchmaker.tick('glicko_1v1', Date.now() + 2000)).claimed).toBe(0);
      // 4 s later it is at least 130 + 80 = 210, and the new player's 355: matched (with the mode's start both were 180).
      expect((await matchmaker.tick('glicko_1v1', Date.now() + 4000)).matched).toBe(1);
      expect(await status(settled)).toMatchObject({ status: 'matched', opponent: { player_id: fresh.id } });
    });

    it("widens a party's window by its members' uncertainty combined like its rating (openskill_2v2: party_rating max)", async () => {
      const redis = t.app.get<RedisClient>(REDIS);
      const [leader, member] = await Promise.all([1, 2].map(() => createPlayer(t)));
      // `leader` is new (σ 25/3: uncertainty 333.3 at display scale 40); `member` is settled (σ 2: uncertainty 80).
      const season = await t.app.get(PoolRatingStore).currentSeason('openskill');
      await t.app.get<Model<PoolRatingDocument>>(getModelToken(MODELS.poolRating)).insertMany([
        { pool: 'openskill', player_id: member.id, rating: 1000 + 40 * (30 - 6), rd: null, volatility: null, mu: 30, sigma: 2, games_played: 40, wins: 20, losses: 20, draws: 0, rated_at: new Date(), season },
      ]);
      const party = (await t.http.post('/api/v1/parties').set(leader.auth).expect(201)).body as { party_id: string; invite_code: string };
      await t.http.post(`/api/v1/parties/${party.party_id}/join`).set(member.auth).send({ invite_code: party.invite_code }).expect(200);
      expect((await t.http.post('/api/v1/queue/join').set(leader.auth).send({ mode: 'openskill_2v2' }).expect(200)).body).toMatchObject({ status: 'queued', party_id: party.party_id });
      // Rating: the higher of 1000 and 1960; window bonus: 0.5 × the higher uncertainty (333.3) = 167, not the mean's 103.
      expect(await redis.hget(keys.queue.tickets('openskill_2v2'), party.party_id)).toMatch(/^1960\|\d+\|\|\|167$/);
      expect(t.logs.events('queue_joined').filter((line) => line.player_id === leader.id).pop()!.details).toMatchObject({ rating: 1960, window_bonus: 167 });
      const shown = (await t.http.get('/api/v1/queue/status').set(member.auth).expect(200)).body;
      expect(shown).toMatchObject({ status: 'queued', party_id: party.party_id });
      windowAfter(267, shown);
      await t.http.delete('/api/v1/queue/leave').set(member.auth).expect(204);
    });

    it('keeps a ticket\'s window bonus through claim and requeue, and reads 4-field tickets written before', async () => {
      const redis = t.app.get<RedisClient>(REDIS);
      const queue = t.app.get(MatchQueue);
      const mode = 'glicko_1v1';
      const q = keys.queue;
      const [wide, plain, old] = ['wide', 'plain', 'old'].map((name) => `${name}-${Date.now().toString(36)}`);
      const now = Date.now();
      await queue.addToQueue(mode, wide, 9000, now, [], undefined, 175);
      await queue.addToQueue(mode, plain, 9100, now);
      await redis.multi().hset(q.tickets(mode), old, `9200|${now}||`).zadd(q.ratings(mode), 9200, old).zadd(q.joinedAt(mode), now, old).exec();

      const open = (await queue.openTickets(mode)).filter((ticket) => [wide, plain, old].includes(ticket.playerId));
      expect(open).toEqual([
        { playerId: wide, rating: 9000, joinedAt: now, windowBonus: 175 },
        { playerId: plain, rating: 9100, joinedAt: now },
        { playerId: old, rating: 9200, joinedAt: now },
      ]);
      expect((await queue.snapshot(mode, open[1].playerId, { range: 200, perSide: 2 })).neighbours.find((n) => n.playerId === wide)).toMatchObject({ windowBonus: 175 });

      const [claim] = await queue.claimPairs(mode, [{ a: open[0], b: open[2], gap: 200, windowA: 275, windowB: 100 }], now);
      expect(claim.status).toBe('claimed');
      const claimId = claim.status === 'claimed' ? claim.match.claimId : '';
      expect(await redis.hget(q.tickets(mode), wide)).toBe(`9000|${now}|${claimId}|${old}|175`);
      expect(await redis.hget(q.tickets(mode), old)).toBe(`9200|${now}|${claimId}|${wide}`);
      expect(await queue.ticket(mode, wide)).toMatchObject({ claimId, opponentId: old, windowBonus: 175 });
      expect(await queue.requeue(mode, wide, claimId)).toBe(true);
      expect(await queue.requeue(mode, old, claimId)).toBe(true);
      expect(await redis.hget(q.tickets(mode), wide)).toBe(`9000|${now}|||175`);
      expect(await redis.hget(q.tickets(mode), old)).toBe(`9200|${now}||`);
      expect((await queue.snapshot(mode, wide, { range: 0, perSide: 0 })).ticket).toMatchObject({ claimId: null, windowBonus: 175 });
      for (const id of [wide, plain, old]) expect((await queue.removeFromQueue(mode, id)).outcome).toBe('removed');
    });
  });

  describe('leaderboards of pools in Redis', () => {
    it("are rebuilt from MongoDB by the repair job when Redis lost them, whole or in part", async () => {
      const redis = t.app.get<RedisClient>(REDIS);
      const repair = () => t.app.get(RatingRepairJob).repair();
      const players = await Promise.all([1, 2, 3, 4].map(() => createPlayer(t)));
      await play('openskill_2v2', players[0], players[1]);
      await repair(); // whatever earlier tests left behind is settled first
      const season = await t.app.get(PoolRatingStore).currentSeason('openskill');
      const key = keys.poolLeaderboard('openskill', season);
      const before = await redis.zrevrange(key, 0, -1, 'WITHSCORES');
      expect(before).toContain(players[0].id);
      expect((await repair()).poolBoardsRebuilt).toEqual({});

      // Lost whole: the key is gone.
      await redis.del(key, keys.poolLeaderboardVersions('openskill', season), keys.poolLeaderboardNames('openskill', season));
      const rebuilt = await repair();
      expect(rebuilt.poolBoardsRebuilt.openskill).toBe(before.length / 2);
      expect(await redis.zrevrange(key, 0, -1, 'WITHSCORES')).toEqual(before);
      const board = (await t.http.get('/api/v1/leaderboard?pool=openskill&limit=100').set(players[0].auth).expect(200)).body as { player_id: string; username: string; mu: number }[];
      expect(board.find((e) => e.player_id === players[0].id)).toMatchObject({ username: players[0].username, mu: expect.any(Number) });

      // Lost in part: Redis came back empty and a new result started a board holding only its own players.
      await redis.del(key, keys.poolLeaderboardVersions('openskill', season), keys.poolLeaderboardNames('openskill', season));
      await play('openskill_2v2', players[2], players[3]);
      expect(await redis.zcard(key)).toBe(2);
      expect((await repair()).poolBoardsRebuilt.openskill).toBe(before.length / 2 + 2);
      const all = await redis.zrange(key, 0, -1);
      for (const p of players) expect(all).toContain(p.id);
    });
  });

  describe('POST /api/v1/pools/{pool}/seasons', () => {
    it('closes a season once per id: standings kept, ratings softly reset, a new empty board', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const applied = await play('glicko_1v1', a, b);
      const before = (await rating(a, 'glicko')).body;

      const closed = await t.http.post('/api/v1/pools/glicko/seasons').set(server()).send({ season_id: `s-${a.id}` }).expect(200);
      expect(closed.body).toMatchObject({ pool: 'glicko', season_id: `s-${a.id}`, current_season: closed.body.closed_season + 1 });
      expect(closed.body.players).toBeGreaterThanOrEqual(2);
      // The same id replays the same close instead of closing the next season.
      const again = await t.http.post('/api/v1/pools/glicko/seasons').set(server()).send({ season_id: `s-${a.id}` }).expect(200);
      expect(again.body).toEqual(closed.body);

      const standings = (await t.http.get(`/api/v1/leaderboard?pool=glicko&season=${closed.body.closed_season}&limit=100`).set(a.auth).expect(200)).body as {
        player_id: string;
        rating: number;
        rank: number;
      }[];
      expect(standings.find((e) => e.player_id === a.id)).toMatchObject({ rating: applied.changes[0].new_rating, pool: 'glicko', system: 'glicko2' });
      const current = (await t.http.get('/api/v1/leaderboard?pool=glicko&limit=100').set(a.auth).expect(200)).body as { player_id: string }[];
      expect(current.some((e) => e.player_id === a.id)).toBe(false);
      expect((await t.http.get(`/api/v1/leaderboard/${a.id}?pool=glicko`).set(a.auth).expect(200)).body.rank).toBeNull();

      // Soft reset (shipped rule): rating and RD halfway back to 1500 and 350.
      const after = (await rating(a, 'glicko')).body;
      expect(after.rating).toBe(Math.round(1500 + (before.rating - 1500) / 2));
      expect(after.rd).toBeCloseTo((before.rd + 350) / 2, 6);
      expect(after.games_played).toBe(1);

      // The next game is rated from the reset rating and enters the new season's board.
      const next = await play('glicko_1v1', a, b);
      expect(next.changes[0].old_rating).toBe(after.rating);
      const board = (await t.http.get('/api/v1/leaderboard?pool=glicko&limit=100').set(a.auth).expect(200)).body as { player_id: string }[];
      expect(board.some((e) => e.player_id === a.id)).toBe(true);

      await t.http.get(`/api/v1/leaderboard?pool=glicko&season=${closed.body.current_season + 1}`).set(a.auth).expect(404);
      await t.http.post('/api/v1/pools/glicko/seasons').set(a.auth).send({ season_id: 'x' }).expect(403);
      await t.http.post('/api/v1/pools/default/seasons').set(server()).send({ season_id: 'x' }).expect(409);
      await t.http.post('/api/v1/pools/nope/seasons').set(server()).send({ season_id: 'x' }).expect(404);
      await t.http.post('/api/v1/pools/glicko/seasons').set(server()).send({ season_id: '' }).expect(400);
    });

    it('rolls Elo over in an Elo pool of its own (the default pool is the all-time ladder): rating pulled halfway to the initial one', async () => {
      const file = join(tmpdir(), `gsm-elo-seasons-${process.pid}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          modes: [...SHIPPED_MODES.modes, { ...SHIPPED_MODES.modes[0], name: 'seasonal_1v1', pool: 'ladder' }],
          pools: [...SHIPPED_MODES.pools, { name: 'ladder', system: 'elo', initial_rating: 1200, k: 32 }],
        }),
      );
      const e = await startTestApp({ backends: t.backends, env: { MATCH_MODES_FILE: file, RATING_REPAIR_INTERVAL_MS: '3600000' } });
      try {
        const [a, b] = await Promise.all([createPlayer(e), createPlayer(e)]);
        const created = await e.http.post('/api/v1/sessions/create').set(serverAuth(e)).send({ player_ids: [a.id, b.id], mode: 'seasonal_1v1' }).expect(201);
        await e.http.post('/api/v1/matches/result').set(serverAuth(e)).send({ session_id: created.body.session_id, player_id: a.id, outcome: 1 }).expect(200);
        expect((await e.http.get(`/api/v1/players/${a.id}/rating?pool=ladder`).set(a.auth).expect(200)).body).toMatchObject({ pool: 'ladder', system: 'elo', rating: 1216 });

        const closed = await e.http.post('/api/v1/pools/ladder/seasons').set(serverAuth(e)).send({ season_id: `ladder-${a.id}` }).expect(200);
        expect(closed.body).toMatchObject({ pool: 'ladder', players: 2 });
        expect((await e.http.get(`/api/v1/players/${a.id}/rating?pool=ladder`).set(a.auth).expect(200)).body).toMatchObject({ rating: 1208, games_played: 1 });
        expect((await e.http.get(`/api/v1/players/${b.id}/rating?pool=ladder`).set(a.auth).expect(200)).body.rating).toBe(1192);
        const standings = (await e.http.get(`/api/v1/leaderboard?pool=ladder&season=${closed.body.closed_season}`).set(a.auth).expect(200)).body;
        expect(standings.map((r: { player_id: string; rating: number }) => [r.player_id, r.rating])).toEqual([
          [a.id, 1216],
          [b.id, 1184],
        ]);
        // The default pool's all-time Elo did not move.
        expect((await e.http.get(`/api/v1/players/${a.id}/rating`).set(a.auth).expect(200)).body).toMatchObject({ pool: 'default', rating: 1200 });
      } finally {
        await e.close();
      }
    });
  });
});
