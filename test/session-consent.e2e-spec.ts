import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { MatchResultDocument, MODELS } from '@libs/database';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

const ONE_V_ONE = { teams: 2, team_size: 1, base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600 };
const MODES_FILE = join(mkdtempSync(join(tmpdir(), 'gsm-consent-')), 'modes.json');
writeFileSync(
  MODES_FILE,
  JSON.stringify({ modes: [{ name: 'ranked_1v1', ...ONE_V_ONE }, { name: 'scrim_1v1', ...ONE_V_ONE, player_sessions_rated: true }] }),
);

describe('Player-created sessions (issue 17: rating farming, consent)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { MATCH_MODES_FILE: MODES_FILE } });
  });

  afterAll(() => t.close());

  const report = (p: TestPlayer, sessionId: string, outcome: number) =>
    t.http.post('/api/v1/matches/result').set(p.auth).send({ session_id: sessionId, player_id: p.id, outcome });
  const rating = async (p: TestPlayer) => (await t.http.get(`/api/v1/players/${p.id}/rating`).set(p.auth).expect(200)).body.rating as number;
  const sessionOf = async (p: TestPlayer | 'server', id: string) =>
    (await t.http.get(`/api/v1/sessions/${id}/state`).set(p === 'server' ? serverAuth(t) : p.auth).expect(200)).body;

  /** A session `creator` made with `others`, with every invitation accepted: the farming set-up. */
  async function playerSession(creator: TestPlayer, others: TestPlayer[], mode = 'ranked_1v1'): Promise<string> {
    const res = await t.http
      .post('/api/v1/sessions/create')
      .set(creator.auth)
      .send({ player_ids: [creator.id, ...others.map((o) => o.id)], mode })
      .expect(201);
    return res.body.session_id as string;
  }

  describe('POST /api/v1/matches/result', () => {
    it('records agreeing player reports of a player-created session unrated: ratings unchanged, rated false, session completed', async () => {
      const [farmer, alt] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const sessionId = await playerSession(farmer, [alt]);
      expect((await sessionOf(farmer, sessionId)).origin).toBe('player');

      expect((await report(farmer, sessionId, 1).expect(200)).body).toEqual({ session_id: sessionId, status: 'pending', rated: false, changes: [] });
      const second = await report(alt, sessionId, 0).expect(200);
      expect(second.body).toEqual({ session_id: sessionId, status: 'applied', rated: false, changes: [] });
      // Exactly once: the same report again replays the same answer.
      expect((await report(alt, sessionId, 0).expect(200)).body).toEqual(second.body);

      expect(await rating(farmer)).toBe(1200);
      expect(await rating(alt)).toBe(1200);
      const board = (await t.http.get('/api/v1/leaderboard').set(farmer.auth).expect(200)).body;
      expect(JSON.stringify(board)).not.toContain(farmer.id);
      expect((await sessionOf('server', sessionId)).status).toBe('completed');
      const stored = await t.app.get<Model<MatchResultDocument>>(getModelToken(MODELS.matchResult)).findOne({ session_id: sessionId }).lean().exec();
      expect(stored).toMatchObject({ status: 'applied', rated: false, changes: [] });
    });

    it('leaves a game server result of a player-created session unrated too', async () => {
      const [farmer, alt] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const sessionId = await playerSession(farmer, [alt]);
      const res = await t.http.post('/api/v1/matches/result').set(serverAuth(t)).send({ session_id: sessionId, player_id: farmer.id, outcome: 1 }).expect(200);
      expect(res.body).toEqual({ session_id: sessionId, status: 'applied', rated: false, changes: [] });
      expect(await rating(farmer)).toBe(1200);
    });

    it('rates a player-created session in a mode with player_sessions_rated', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const sessionId = await playerSession(a, [b], 'scrim_1v1');
      await report(a, sessionId, 1).expect(200);
      const res = await report(b, sessionId, 0).expect(200);
      expect(res.body).toMatchObject({ status: 'applied', rated: true, changes: [{ player_id: a.id, change: 16 }, { player_id: b.id, change: -16 }] });
      expect(await rating(a)).toBe(1216);
    });

    it('rates sessions of game servers and of the matchmaker, and records their origin', async () => {
      const [a, b] = await Promise.all([createPlayer(t), createPlayer(t)]);
      const created = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, b.id] }).expect(201);
      expect(created.body.origin).toBe('server');
      const res = await report(a, created.body.session_id, 1).expect(200);
      await report(b, created.body.session_id, 0).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'applied', rated: true }));
      expect(res.body.rated).toBe(true);
      expect(await rating(a)).toBe(1216);

      const [c, d] = await Promise.all([createPlayer(t, { rating: 2900 }), createPlayer(t, { rating: 2900 })]);
      await t.http.post('/api/v1/queue/join').set(c.auth).send({ mode: 'ranked_1v1' }).expect(200);
      const matched = await t.http.post('/api/v1/queue/join').set(d.auth).send({ mode: 'ranked_1v1' }).expect(200);
      expect(matched.body.status).toBe('matched');
      expect((await sessionOf(c, matched.body.session_id)).origin).toBe('matchmaker');
    });
  });

  describe('GET /api/v1/queue/modes', () => {
    it('shows player_sessions_rated per mode', async () => {
      const [p] = await Promise.all([createPlayer(t)]);
      const modes = (await t.http.get('/api/v1/queue/modes').set(p.auth).expect(200)).body.modes as { name: string; player_sessions_rated: boolean }[];
      expect(modes.map((m) => [m.name, m.player_sessions_rated])).toEqual([
        ['ranked_1v1', false],
        ['scrim_1v1', true],
      ]);
    });
  });
});
