import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModelToken } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MatchResultDocument, MODELS, PlayerDocument } from '@libs/database';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { SessionInvitationStore } from '../apps/api/src/sessions/session-invitation.store';
import { SessionInvitations } from '../apps/api/src/sessions/session-invitations';
import { SessionsService } from '../apps/api/src/sessions/sessions.service';
import { Backends, startBackends } from './harness/backends';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';
import { SseClient } from './support/sse';

const ONE_V_ONE = { teams: 2, team_size: 1, base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600 };
const MODES_FILE = join(mkdtempSync(join(tmpdir(), 'gsm-consent-')), 'modes.json');
writeFileSync(
  MODES_FILE,
  JSON.stringify({ modes: [{ name: 'ranked_1v1', ...ONE_V_ONE }, { name: 'scrim_1v1', ...ONE_V_ONE, player_sessions_rated: true }] }),
);

describe('Player-created sessions (issue 17: rating farming, consent)', () => {
  let backends: Backends;
  let t: TestApp;
  /** A second replica over the same Redis and MongoDB whose invitations expire after 1 s. */
  let short: TestApp;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    backends = await startBackends();
    [t, short] = await Promise.all([
      startTestApp({ backends, env: { MATCH_MODES_FILE: MODES_FILE } }),
      startTestApp({ backends, env: { MATCH_MODES_FILE: MODES_FILE, SESSION_INVITE_TTL_SECONDS: '1' } }),
    ]);
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all([t?.close(), short?.close()]);
    await backends?.stop();
  });

  const report = (p: TestPlayer, sessionId: string, outcome: number) =>
    t.http.post('/api/v1/matches/result').set(p.auth).send({ session_id: sessionId, player_id: p.id, outcome });
  const rating = async (p: TestPlayer) => (await t.http.get(`/api/v1/players/${p.id}/rating`).set(p.auth).expect(200)).body.rating as number;
  const sessionOf = async (p: TestPlayer | 'server', id: string) =>
    (await t.http.get(`/api/v1/sessions/${id}/state`).set(p === 'server' ? serverAuth(t) : p.auth).expect(200)).body;

  const create = (app: TestApp, creator: TestPlayer, others: TestPlayer[], mode = 'ranked_1v1') =>
    app.http.post('/api/v1/sessions/create').set(creator.auth).send({ player_ids: [creator.id, ...others.map((o) => o.id)], mode });
  const accept = (p: TestPlayer | 'server', id: string, app = t) => app.http.post(`/api/v1/sessions/${id}/accept`).set(p === 'server' ? serverAuth(app) : p.auth);
  const decline = (p: TestPlayer, id: string) => t.http.post(`/api/v1/sessions/${id}/decline`).set(p.auth);
  const join = (p: TestPlayer) => t.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ranked_1v1' });
  const leave = (p: TestPlayer) => t.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
  const profile = async (p: TestPlayer) => (await t.http.get('/api/v1/auth/profile').set(p.auth).expect(200)).body;
  const abandoned = async (p: TestPlayer) => {
    const doc = await t.app.get<Model<PlayerDocument>>(getModelToken(MODELS.player)).findById(new Types.ObjectId(p.id)).lean().exec();
    return doc!.profile.abandoned;
  };
  /** Each player can queue (is not held by any session), and leaves the queue again. */
  const allFree = async (ps: TestPlayer[]) => {
    for (const p of ps) {
      await join(p).expect(200);
      await leave(p);
    }
  };
  /** Far-apart ratings, so queue joins in these tests never pair two players. */
  let nextRating = 100;
  const player = () => createPlayer(t, { rating: (nextRating += 450) % 4000 });

  /** A session `creator` made with `others`, with every invitation accepted: the farming set-up. */
  async function playerSession(creator: TestPlayer, others: TestPlayer[], mode = 'ranked_1v1'): Promise<string> {
    const res = await create(t, creator, others, mode).expect(201);
    for (const other of others) await accept(other, res.body.session_id).expect(200);
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

  describe('POST /api/v1/sessions/create by a player', () => {
    it('invites the other players instead of placing them: pending_acceptance, nobody blocked from the queue', async () => {
      const [a, b] = await Promise.all([player(), player()]);
      const res = await create(t, a, [b]).expect(201);
      expect(res.body).toMatchObject({ status: 'pending_acceptance', origin: 'player', version: 1 });
      const id = res.body.session_id as string;
      await allFree([a, b]);
      // Nothing happens in an invitation: no update, no result.
      const update = await t.http.put(`/api/v1/sessions/${id}/update`).set(a.auth).send({ state: { x: 1 } }).expect(409);
      expect(update.body.message).toMatch(/waiting for its invited players/);
      await report(a, id, 1).expect(409);
      expect((await sessionOf(b, id)).status).toBe('pending_acceptance');
    });

    it('places every player once all invitees accept; accepting again is idempotent', async () => {
      const [a, b, c] = await Promise.all([player(), player(), player()]);
      const id = (await create(t, a, [b, c]).expect(201)).body.session_id as string;
      expect((await accept(b, id).expect(200)).body.status).toBe('pending_acceptance');
      await allFree([a, c]);
      const placed = await accept(c, id).expect(200);
      expect(placed.body).toMatchObject({ session_id: id, status: 'waiting', origin: 'player', version: 2 });
      for (const p of [a, b, c]) expect((await join(p).expect(409)).body.message).toMatch(/unfinished session/);
      expect((await accept(b, id).expect(200)).body).toMatchObject({ status: 'waiting', version: 2 });
      const history = (await sessionOf('server', id)).history.map((h: { event: string }) => h.event);
      expect(history).toEqual(['session_created', 'session_state_changed']);
    });

    it('returns 404 to a non-participant, 403 to a game server, 409 NOT_INVITED to the creator', async () => {
      const [a, b, outsider] = await Promise.all([player(), player(), player()]);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      const hidden = await accept(outsider, id).expect(404);
      const unknown = await accept(outsider, new Types.ObjectId().toHexString()).expect(404);
      expect(hidden.body.message.replace(id, 'X')).toBe(unknown.body.message.replace(/[a-f0-9]{24}/, 'X'));
      await decline(outsider, id).expect(404);
      await accept('server', id).expect(403);
      expect((await accept(a, id).expect(409)).body.message).toMatch(/no invitation/);
      // A game server's session has no invitation either.
      const [c, d] = await Promise.all([player(), player()]);
      const server = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [c.id, d.id] }).expect(201);
      await accept(c, server.body.session_id).expect(409);
      expect((await sessionOf(b, id)).status).toBe('pending_acceptance');
    });

    it('a decline cancels the session for everyone: nobody placed, nobody abandoned, later accepts get 409', async () => {
      const [a, b, c] = await Promise.all([player(), player(), player()]);
      const id = (await create(t, a, [b, c]).expect(201)).body.session_id as string;
      await accept(b, id).expect(200);
      expect((await decline(c, id).expect(200)).body).toEqual({ session_id: id, status: 'cancelled' });
      expect((await decline(c, id).expect(200)).body).toEqual({ session_id: id, status: 'cancelled' });
      expect((await accept(b, id).expect(409)).body.message).toMatch(/cancelled \(declined\)/);
      expect((await sessionOf(a, id)).status).toBe('cancelled');
      await allFree([a, b, c]);
      for (const p of [a, b, c]) expect(await abandoned(p)).toBe(0);
      expect(t.logs.events('session_cancelled').find((l) => l.session_id === id)?.details).toMatchObject({ reason: 'declined' });
    });

    it("the creator's DELETE cancels and closes it without counting anyone as abandoned", async () => {
      const [a, b] = await Promise.all([player(), player()]);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      expect((await t.http.delete(`/api/v1/sessions/${id}`).set(a.auth).expect(200)).body).toEqual({ session_id: id, status: 'cancelled' });
      await accept(b, id).expect(404);
      for (const p of [a, b]) expect(await abandoned(p)).toBe(0);
      await allFree([a, b]);
    });

    it('an expired invitation is cancelled: an accept after the deadline gets 409, the sweeper cancels the rest', async () => {
      const [a, b, c, d] = await Promise.all([player(), player(), player(), player()]);
      const late = (await create(short, a, [b]).expect(201)).body.session_id as string;
      const swept = (await create(short, c, [d]).expect(201)).body.session_id as string;
      expect((await profile(d)).invitations.map((i: { session_id: string }) => i.session_id)).toEqual([swept]);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect((await profile(d)).invitations).toEqual([]);
      expect((await accept(b, late, short).expect(409)).body.message).toMatch(/cancelled \(expired\)/);
      expect((await sessionOf(a, late)).status).toBe('cancelled');
      expect(await short.app.get(SessionInvitations).expireDue(new Date())).toBeGreaterThanOrEqual(1);
      expect((await sessionOf(c, swept)).status).toBe('cancelled');
      await accept(d, swept).expect(409);
      for (const p of [a, b, c, d]) expect(await abandoned(p)).toBe(0);
      await allFree([a, b, c, d]);
    });

    it('answers 409 naming a player who became busy meanwhile and keeps the invitation; accepting again places them', async () => {
      const [a, b, c] = await Promise.all([player(), player(), player()]);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      const other = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, c.id] }).expect(201);
      const busy = await accept(b, id).expect(409);
      expect(busy.body.message).toContain(a.id);
      expect((await sessionOf(b, id)).status).toBe('pending_acceptance');
      await join(b).expect(200);
      await leave(b);
      await t.http.delete(`/api/v1/sessions/${other.body.session_id}`).set(serverAuth(t)).expect(200);
      expect((await accept(b, id).expect(200)).body.status).toBe('waiting');
    });

    it('the last accept racing a decline and a delete on another replica: exactly one outcome, consistent everywhere', async () => {
      for (let round = 0; round < 4; round++) {
        const [a, b] = await Promise.all([player(), player()]);
        const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
        const [accepted, declined, deleted] = await Promise.all([
          accept(b, id),
          short.http.post(`/api/v1/sessions/${id}/decline`).set(a.auth),
          round % 2 ? short.http.delete(`/api/v1/sessions/${id}`).set(a.auth) : Promise.resolve(null),
        ]);
        const final = await t.http.get(`/api/v1/sessions/${id}/state`).set(serverAuth(t));
        if (accepted.status === 200 && accepted.body.status === 'waiting') {
          // Placed first: the decline came too late; a delete then ended the placed session normally.
          expect(declined.status).toBe(409);
          if (deleted) expect([200, 409]).toContain(deleted.status);
          if (final.status === 200) expect(['waiting']).toContain(final.body.status);
        } else {
          expect(accepted.status).toBe(409);
          expect(declined.status === 200 || deleted?.status === 200).toBe(true);
          if (final.status === 200) expect(final.body.status).toBe('cancelled');
          for (const p of [a, b]) expect(await abandoned(p)).toBe(0);
          await allFree([a, b]);
        }
      }
    });

    it('lists invitations in the profile (also when the profile copy was cached before) until they are answered', async () => {
      const [a, b] = await Promise.all([player(), player()]);
      expect((await profile(b)).invitations).toEqual([]);
      const created = (await create(t, a, [b], 'scrim_1v1').expect(201)).body;
      const listed = (await profile(b)).invitations;
      expect(listed).toEqual([{ session_id: created.session_id, mode: 'scrim_1v1', inviter_id: a.id, expires_at: expect.any(String) }]);
      const ttl = Date.parse(listed[0].expires_at) - Date.parse(created.created_at);
      expect(ttl).toBe(120_000);
      expect((await profile(a)).invitations).toEqual([]);
      await decline(b, created.session_id).expect(200);
      expect((await profile(b)).invitations).toEqual([]);
    });

    it('the idle sweeper never abandons an invitation, so an invitee who never accepted is never counted', async () => {
      const [a, b] = await Promise.all([player(), player()]);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      // Far past the idle timeout: every waiting or active session would be abandoned, the invitation is not.
      await t.app.get(SessionsService).abandonIdleSessions(new Date(Date.now() + 10 * 3600 * 1000));
      expect((await sessionOf(b, id)).status).toBe('pending_acceptance');
      for (const p of [a, b]) expect(await abandoned(p)).toBe(0);
      await decline(b, id).expect(200);
    });

    it('pushes session.invited to an open event stream of each invitee', async () => {
      const [a, b] = await Promise.all([player(), player()]);
      const stream = await SseClient.open(`${await t.app.getUrl()}/api/v1/events`, b.auth);
      streams.push(stream);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      const event = await stream.waitFor((e) => e.event === 'session.invited');
      expect(event.data).toEqual({ session_id: id, mode: 'ranked_1v1', inviter_id: a.id, expires_at: expect.any(String), trace_id: expect.any(String) });
      await decline(b, id).expect(200);
      expect((await stream.waitFor((e) => e.event === 'session.ended')).data).toMatchObject({ session_id: id, status: 'cancelled', reason: 'declined' });
    });
  });

  describe('the invitation record (sessions:{id}:invitation)', () => {
    const fakeId = () => new Types.ObjectId().toHexString();

    it('gives a dead placer\'s lease to the next accept once it lapsed, and ignores the old placer afterwards', async () => {
      const store = t.app.get(SessionInvitationStore);
      const id = fakeId();
      await store.open(id, ['b1', 'c1'], new Date(Date.now() + 60_000));
      expect(await store.accept(id, 'b1', 'p1')).toEqual({ kind: 'accepted' });
      expect(await store.accept(id, 'x1', 'p1')).toEqual({ kind: 'not_invited' });
      expect(await store.accept(id, 'c1', 'p1')).toEqual({ kind: 'place' });
      expect(await store.decline(id, 'b1')).toEqual({ kind: 'placing' });
      expect(await store.cancel(id, 'deleted')).toEqual({ kind: 'placing' });
      await t.app.get<RedisClient>(REDIS).hset(keys.sessionInvitation(id), 'placing_until', Date.now() - 1);
      expect(await store.accept(id, 'b1', 'p2')).toEqual({ kind: 'place' });
      expect(await store.placed(id, 'p1')).toEqual({ kind: 'placing' });
      expect(await store.placed(id, 'p2')).toEqual({ kind: 'placed' });
      expect(await store.decline(id, 'c1')).toEqual({ kind: 'placed' });
    });

    it('a cancel leaves a tombstone where the record was lost, so it cannot be re-opened; an accept re-opens a lost pending one', async () => {
      const store = t.app.get(SessionInvitationStore);
      const gone = fakeId();
      expect(await store.cancel(gone, 'expired')).toEqual({ kind: 'cancelled', reason: 'expired' });
      expect(await store.open(gone, ['b'], new Date(Date.now() + 60_000))).toEqual({ kind: 'exists' });

      const [a, b] = await Promise.all([player(), player()]);
      const id = (await create(t, a, [b]).expect(201)).body.session_id as string;
      await t.app.get<RedisClient>(REDIS).del(keys.sessionInvitation(id));
      expect((await accept(b, id).expect(200)).body.status).toBe('waiting');
      expect(t.logs.events('session_invitation_reopened').some((l) => l.session_id === id)).toBe(true);
    });
  });
});
