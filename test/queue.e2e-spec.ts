import { CLAIM_TIMEOUT_MS, MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { MatchQueue } from '../apps/api/src/matchmaking/match-queue';
import { LocalRedisCluster, startRedisCluster } from '@libs/dev-services';
import { Backends, startBackends } from './harness/backends';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

const MODE = 'ranked_1v1';

/** Each test plays in its own rating band, far beyond the maximum window (400) from every other band. */
let nextBand = 0;
const band = () => 10_000 + 1_000 * nextBand++;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const join = (t: TestApp, p: TestPlayer, body: Record<string, unknown> = {}) => t.http.post('/api/v1/queue/join').set(p.auth).send(body);
const leave = (t: TestApp, p: TestPlayer) => t.http.delete('/api/v1/queue/leave').set(p.auth);
const status = async (t: TestApp, p: TestPlayer) => (await t.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body;

describe('matchmaking queue', () => {
  let backends: Backends;

  beforeAll(async () => {
    backends = await startBackends();
  });

  afterAll(() => backends.stop());

  describe('with the matchmaker switched off', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ backends });
    });

    afterAll(() => t.close());

    describe('GET /api/v1/queue/modes', () => {
      it('lists the configured modes with their settings and live queue sizes, to players and servers', async () => {
        const p = await createPlayer(t, { rating: band() });
        const before = (await t.http.get('/api/v1/queue/modes').set(p.auth).expect(200)).body;
        expect(before.modes.map((m: { name: string }) => m.name)).toEqual(['ranked_1v1', 'casual_1v1', 'ranked_2v2', 'ranked_5v5', 'ffa_4', 'quality_1v1', 'glicko_1v1', 'openskill_2v2']);
        expect(before.modes[0]).toEqual({
          name: 'ranked_1v1',
          teams: 2,
          team_size: 1,
          base_window: 100,
          window_growth: 20,
          max_window: 400,
          ticket_ttl_seconds: 600,
          party_rating: 'mean',
          min_wait_seconds: 0,
          instant_gap: 0,
          accept_timeout_seconds: 0,
          pool: 'default',
          player_sessions_rated: false,
          default: true,
          queue_size: expect.any(Number),
        });
        expect(before.modes.find((m: { name: string }) => m.name === 'ffa_4')).toMatchObject({ teams: 4, team_size: 1, default: false });
        expect(before.modes.find((m: { name: string }) => m.name === 'quality_1v1')).toMatchObject({ teams: 2, team_size: 1, min_wait_seconds: 5, instant_gap: 10 });
        await join(t, p, { mode: 'casual_1v1' }).expect(200);
        const after = (await t.http.get('/api/v1/queue/modes').set(serverAuth(t)).expect(200)).body;
        expect(after.modes[1].queue_size).toBe(before.modes[1].queue_size + 1);
        await leave(t, p).expect(204);
        await t.http.get('/api/v1/queue/modes').expect(401);
      });
    });

    describe('POST /api/v1/queue/join', () => {
      it('queues the player and reports position, queue size, join time and an estimated wait', async () => {
        const r = band();
        const first = await createPlayer(t, { rating: r });
        const second = await createPlayer(t, { rating: r + 300 });
        const before = Date.now();
        const a = await join(t, first).expect(200);
        expect(a.body).toEqual({
          status: 'queued',
          mode: MODE,
          position: expect.any(Number),
          queue_size: expect.any(Number),
          joined_at: expect.any(String),
          estimated_wait_seconds: expect.any(Number),
          session_id: null,
          opponent: null,
          teammates: null,
          opponents: null,
          party_id: null,
        });
        expect(Date.parse(a.body.joined_at)).toBeGreaterThanOrEqual(before - 5);
        expect(a.body.estimated_wait_seconds).toBeGreaterThanOrEqual(1);
        const b = await join(t, second, { mode: MODE }).expect(200);
        expect(b.body.status).toBe('queued');
        expect(b.body.position).toBe(a.body.position + 1);
        expect(b.body.queue_size).toBe(a.body.queue_size + 1);
        // A partner 300 points away is reachable once both windows have grown: (300 − 100) / 20 = 10 s.
        expect(b.body.estimated_wait_seconds).toBe(11);
        expect(t.logs.events('queue_joined').some((l) => l.player_id === first.id && l.details.mode === MODE && l.details.rating === r)).toBe(true);
        await leave(t, first).expect(204);
        await leave(t, second).expect(204);
      });

      it('returns 409 when the player is already queued', async () => {
        const p = await createPlayer(t, { rating: band() });
        await join(t, p).expect(200);
        const res = await join(t, p).expect(409);
        expect(res.body.message).toMatch(/already queued/);
        await join(t, p, { mode: 'casual_1v1' }).expect(409);
        await leave(t, p).expect(204);
      });

      it('returns 409 when the player is in an unfinished session', async () => {
        const r = band();
        const [a, b] = await Promise.all([createPlayer(t, { rating: r }), createPlayer(t, { rating: r })]);
        const session = await t.http.post('/api/v1/sessions/create').set(serverAuth(t)).send({ player_ids: [a.id, b.id] }).expect(201);
        const res = await join(t, a).expect(409);
        expect(res.body.message).toMatch(/unfinished session/);
        // Status tells the truth about the session the player is in, also one a game server created.
        expect(await status(t, a)).toMatchObject({ status: 'matched', session_id: session.body.session_id, opponent: { player_id: b.id } });
        await t.http.delete(`/api/v1/sessions/${session.body.session_id}`).set(serverAuth(t)).expect(200);
        await join(t, a).expect(200);
        await leave(t, a).expect(204);
      });

      it('returns 400 for an unknown mode or unknown fields, and accepts another configured mode', async () => {
        const p = await createPlayer(t, { rating: band() });
        expect((await join(t, p, { mode: 'battle_royale' }).expect(400)).body.message).toMatch(/Unknown queue mode/);
        await join(t, p, { mode: 'Bad Mode!' }).expect(400);
        await join(t, p, { mode: MODE, extra: 1 }).expect(400);
        const res = await join(t, p, { mode: 'casual_1v1' }).expect(200);
        expect(res.body.mode).toBe('casual_1v1');
        expect((await status(t, p)).mode).toBe('casual_1v1');
        await leave(t, p).expect(204);
      });

      it('returns 401 without a token and 403 for a game server', async () => {
        await t.http.post('/api/v1/queue/join').send({}).expect(401);
        await t.http.post('/api/v1/queue/join').set(serverAuth(t)).send({}).expect(403);
        await t.http.get('/api/v1/queue/status').set(serverAuth(t)).expect(403);
      });

      it('matches at once with the closest rating inside both windows and creates the session', async () => {
        const r = band();
        const far = await createPlayer(t, { rating: r });
        const near = await createPlayer(t, { rating: r + 150 });
        const joiner = await createPlayer(t, { rating: r + 90 });
        await join(t, far).expect(200);
        await join(t, near).expect(200);
        const res = await join(t, joiner).expect(200);
        // far is 90 away, near is 60 away: near wins.
        expect(res.body).toMatchObject({
          status: 'matched',
          mode: MODE,
          position: null,
          estimated_wait_seconds: 0,
          session_id: expect.stringMatching(/^[a-f0-9]{24}$/),
          opponent: { player_id: near.id, username: near.username, rating: r + 150 },
        });
        const sessionId = res.body.session_id;

        expect(await status(t, near)).toEqual({
          status: 'matched',
          mode: MODE,
          position: null,
          queue_size: null,
          waited_seconds: null,
          estimated_wait_seconds: null,
          rating_window: null,
          held: null,
          pending_match: null,
          session_id: sessionId,
          opponent: { player_id: joiner.id, username: joiner.username, rating: r + 90 },
          teammates: [],
          opponents: [{ player_id: joiner.id, username: joiner.username, rating: r + 90 }],
          party_id: null,
        });
        expect((await status(t, joiner)).opponent.player_id).toBe(near.id);
        expect((await status(t, far)).status).toBe('queued');

        const session = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(serverAuth(t)).expect(200);
        expect(session.body.status).toBe('waiting');
        expect(session.body.players.map((p: { player_id: string }) => p.player_id).sort()).toEqual([near.id, joiner.id].sort());

        const found = t.logs.events('match_found').find((l) => l.session_id === sessionId)!;
        expect(found.service).toBe('matchmaker');
        expect(found.details).toMatchObject({ source: 'join', rating_a: r + 90, rating_b: r + 150, gap: 60, window_a: 100 });
        // near has waited a few milliseconds: its window has grown a little past the base.
        expect(found.details.window_b as number).toBeGreaterThanOrEqual(100);
        expect(found.details.wait_a_seconds).toEqual(expect.any(Number));
        expect(found.details.wait_b_seconds).toEqual(expect.any(Number));

        // Once the session is over, the players are free to queue again.
        await t.http.delete(`/api/v1/sessions/${sessionId}`).set(serverAuth(t)).expect(200);
        expect((await status(t, near)).status).toBe('idle');
        await leave(t, far).expect(204);
      });

      it('does not match players whose gap is outside the windows', async () => {
        const r = band();
        const a = await createPlayer(t, { rating: r });
        const b = await createPlayer(t, { rating: r + 101 });
        await join(t, a).expect(200);
        const res = await join(t, b).expect(200);
        expect(res.body.status).toBe('queued');
        expect((await status(t, a)).status).toBe('queued');
        await leave(t, a).expect(204);
        await leave(t, b).expect(204);
      });

      it('puts the other ticket back when the session cannot be created, and drops the busy player', async () => {
        const r = band();
        const busy = await createPlayer(t, { rating: r });
        const other = await createPlayer(t, { rating: r + 10 });
        await join(t, busy).expect(200);
        // `busy` gets into a session by some other route while its ticket is still open.
        const states = t.app.get(PlayerStateStore);
        expect((await states.transition(busy.id, ['queued'], { state: 'in_session', sessionId: 'f'.repeat(24), since: Date.now() })).ok).toBe(true);

        const res = await join(t, other).expect(200);
        expect(res.body.status).toBe('queued');
        const failed = t.logs.events('match_session_failed').find((l) => l.details.player_a === other.id)!;
        expect(failed.details).toMatchObject({ player_b: busy.id, outcome_a: 'requeued', outcome_b: 'dropped' });

        const queue = t.app.get(MatchQueue);
        expect(await queue.ticket(MODE, busy.id)).toBeNull();
        expect(await queue.ticket(MODE, other.id)).toMatchObject({ joinedAt: Date.parse(res.body.joined_at), claimId: null });
        expect(await states.get(other.id)).toMatchObject({ state: 'queued', mode: MODE });
        expect(await states.get(busy.id)).toMatchObject({ state: 'in_session' });
        await leave(t, other).expect(204);
        await states.transition(busy.id, ['in_session'], { state: 'idle' });
      });
    });

    describe('DELETE /api/v1/queue/leave', () => {
      it('removes the ticket (204), then answers 404, and the player may join again', async () => {
        const p = await createPlayer(t, { rating: band() });
        await join(t, p).expect(200);
        await leave(t, p).expect(204);
        expect((await status(t, p)).status).toBe('idle');
        expect(await t.app.get(MatchQueue).ticket(MODE, p.id)).toBeNull();
        const second = await leave(t, p).expect(404);
        expect(second.body.message).toMatch(/not in a queue/);
        await join(t, p).expect(200);
        await leave(t, p).expect(204);
        expect(t.logs.events('queue_left').filter((l) => l.player_id === p.id && l.service === 'queue')).toHaveLength(2);
      });

      it('returns 409 while a match for the player is being set up, and the status still says queued', async () => {
        const r = band();
        const a = await createPlayer(t, { rating: r });
        // 500 apart: never a pair by the windows, so the claim below is the only thing that ties them.
        const b = await createPlayer(t, { rating: r + 500 });
        const joinedA = (await join(t, a).expect(200)).body;
        await join(t, b).expect(200);
        const queue = t.app.get(MatchQueue);
        const [claim] = await queue.claimPairs(MODE, [
          { a: { playerId: a.id, rating: r, joinedAt: 0 }, b: { playerId: b.id, rating: r + 500, joinedAt: 0 }, gap: 500, windowA: 0, windowB: 0 },
        ]);
        expect(claim.status).toBe('claimed');
        const res = await leave(t, a).expect(409);
        expect(res.body.message).toMatch(/being set up/);
        await join(t, a).expect(409);
        expect(await status(t, a)).toMatchObject({ status: 'queued', estimated_wait_seconds: 1 });
        // The claim is abandoned (as by a replica that died); the next tick after the claim timeout returns both tickets.
        // Until then the mode has nothing for a tick (both tickets claimed, the claim fresh); after it, the stale claim.
        expect(await t.app.get(MatchmakerService).hasWork(MODE)).toBe(false);
        expect(await t.app.get(MatchmakerService).hasWork(MODE, Date.now() + CLAIM_TIMEOUT_MS + 1000)).toBe(true);
        await t.app.get(MatchmakerService).tick(MODE, Date.now() + CLAIM_TIMEOUT_MS + 1000);
        expect(t.logs.events('match_claim_recovered').filter((l) => [a.id, b.id].includes(l.player_id!)).map((l) => l.details.outcome)).toEqual([
          'requeued',
          'requeued',
        ]);
        expect(await queue.ticket(MODE, a.id)).toMatchObject({ joinedAt: Date.parse(joinedA.joined_at), claimId: null });
        await leave(t, a).expect(204);
        await leave(t, b).expect(204);
      });

      it('clears a queued state left without a ticket (an interrupted join) once it is stale', async () => {
        const p = await createPlayer(t, { rating: band() });
        const states = t.app.get(PlayerStateStore);
        await states.transition(p.id, ['idle'], { state: 'queued', mode: MODE, since: Date.now() - 60_000 });
        expect((await status(t, p)).status).toBe('idle');
        await join(t, p).expect(200);
        expect(t.logs.events('queue_state_repaired').some((l) => l.player_id === p.id)).toBe(true);
        await leave(t, p).expect(204);
        await states.transition(p.id, ['idle'], { state: 'queued', mode: MODE, since: Date.now() - 60_000 });
        await leave(t, p).expect(204);
        expect(await states.get(p.id)).toEqual({ state: 'idle' });
      });

      it('returns 404 for a player who never queued', async () => {
        const p = await createPlayer(t);
        await leave(t, p).expect(404);
      });
    });

    describe('GET /api/v1/queue/status', () => {
      it('is idle with every other field null for a player who is not queued', async () => {
        const p = await createPlayer(t);
        expect(await status(t, p)).toEqual({
          status: 'idle',
          mode: null,
          position: null,
          queue_size: null,
          waited_seconds: null,
          estimated_wait_seconds: null,
          rating_window: null,
          held: null,
          pending_match: null,
          session_id: null,
          opponent: null,
          teammates: null,
          opponents: null,
          party_id: null,
        });
      });

      it('shows position, size, time waited, window and estimate while queued', async () => {
        const r = band();
        const a = await createPlayer(t, { rating: r });
        const b = await createPlayer(t, { rating: r + 250 });
        const joinedA = (await join(t, a).expect(200)).body;
        await join(t, b).expect(200);
        const s = await status(t, b);
        expect(s).toEqual({
          status: 'queued',
          mode: MODE,
          position: joinedA.position + 1,
          queue_size: expect.any(Number),
          waited_seconds: 0,
          // (250 − 100) / 20 = 7.5 s until both windows cover the gap, plus one tick.
          estimated_wait_seconds: 8,
          // base_window 100, growing 20 a second from the join: a busy machine may take a few ms to answer.
          rating_window: expect.any(Number),
          held: false,
          pending_match: null,
          session_id: null,
          opponent: null,
          teammates: null,
          opponents: null,
          party_id: null,
        });
        expect(s.rating_window).toBeGreaterThanOrEqual(100);
        expect(s.rating_window).toBeLessThan(120);
        expect((await status(t, a)).position).toBe(joinedA.position);
        await leave(t, a).expect(204);
        expect((await status(t, b)).position).toBe(joinedA.position);
        await leave(t, b).expect(204);
      });
    });

    describe('quality policy (quality_1v1: held 5 s, instant gap 10)', () => {
      it('holds tickets for a closer partner, pairs an instant gap at once, and says so in the status', async () => {
        const QUALITY = 'quality_1v1';
        const r = band();
        const [a, b, c, d] = await Promise.all([r, r + 30, r + 36, r - 40].map((rating) => createPlayer(t, { rating })));
        expect((await join(t, a, { mode: QUALITY }).expect(200)).body.status).toBe('queued');
        // 30 apart, inside both windows, but neither has waited 5 s: both are held.
        expect((await join(t, b, { mode: QUALITY }).expect(200)).body.status).toBe('queued');
        const held = await status(t, a);
        expect(held).toMatchObject({ status: 'queued', mode: QUALITY, held: true });
        expect(held.estimated_wait_seconds).toBeGreaterThanOrEqual(5);
        await t.app.get(MatchmakerService).tick(QUALITY);
        expect((await status(t, b)).status).toBe('queued');

        // c is 6 from b (within the instant gap): matched at once, held or not.
        const instant = (await join(t, c, { mode: QUALITY }).expect(200)).body;
        expect(instant).toMatchObject({ status: 'matched', opponent: { player_id: b.id } });
        // Only b's wait feeds later estimates: c never queued.
        expect((await t.app.get(MatchQueue).recentWaits(QUALITY)).map((w) => w.rating)).toEqual([r + 30]);

        // d is 40 from a: held together until a's hold is over; the first tick after it pairs them.
        expect((await join(t, d, { mode: QUALITY }).expect(200)).body.status).toBe('queued');
        await t.app.get(MatchmakerService).tick(QUALITY, Date.now() + 1000);
        expect((await status(t, d)).status).toBe('queued');
        const report = await t.app.get(MatchmakerService).tick(QUALITY, Date.now() + 5500);
        expect(report).toMatchObject({ matched: 1, exactTickets: 2, greedyTickets: 0 });
        const paired = await status(t, a);
        expect(paired).toMatchObject({ status: 'matched', held: null, opponent: { player_id: d.id } });
        for (const session of [instant.session_id, paired.session_id]) await t.http.delete(`/api/v1/sessions/${session}`).set(serverAuth(t)).expect(200);
      });
    });

    describe('matchmaker tick', () => {
      it('pairs players whose windows have grown, keeping original join times when a session cannot be created', async () => {
        const r = band();
        const waiting = await createPlayer(t, { rating: r });
        const busy = await createPlayer(t, { rating: r + 200 });
        const partner = await createPlayer(t, { rating: r + 210 });
        const joined = (await join(t, waiting).expect(200)).body;
        await join(t, busy).expect(200);
        const states = t.app.get(PlayerStateStore);
        await states.transition(busy.id, ['queued'], { state: 'in_session', sessionId: 'e'.repeat(24), since: Date.now() });

        // Ten seconds later every window is 300 wide: waiting ↔ busy (200) is the only pair inside both windows.
        const matchmaker = t.app.get(MatchmakerService);
        await matchmaker.tick(MODE, Date.now() + 10_000);
        const failed = t.logs.events('match_session_failed').find((l) => [l.details.player_a, l.details.player_b].includes(waiting.id))!;
        expect(failed).toBeDefined();
        const queue = t.app.get(MatchQueue);
        expect(await queue.ticket(MODE, waiting.id)).toMatchObject({ joinedAt: Date.parse(joined.joined_at), claimId: null });
        expect(await queue.ticket(MODE, busy.id)).toBeNull();

        await join(t, partner).expect(200);
        // partner (just joined, window 100) is too far for waiting's original pairing now, but the tick finds it later.
        await matchmaker.tick(MODE, Date.now() + 10_000);
        const s = await status(t, waiting);
        expect(s).toMatchObject({ status: 'matched', opponent: { player_id: partner.id } });
        expect((await status(t, partner)).session_id).toBe(s.session_id);
        await states.transition(busy.id, ['in_session'], { state: 'idle' });
        await t.http.delete(`/api/v1/sessions/${s.session_id}`).set(serverAuth(t)).expect(200);
      });
    });
  });

  describe('with the matchmaker running', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ backends, env: { MATCHMAKER_ENABLED: 'true', MATCHMAKER_INTERVAL_MS: '50', MATCH_WINDOW_GROWTH: '200' } });
    });

    afterAll(() => t.close());

    it('matches players once their windows have widened, and status shows the session and opponent', async () => {
      const r = band();
      const a = await createPlayer(t, { rating: r });
      const b = await createPlayer(t, { rating: r + 150 });
      await join(t, a).expect(200);
      const res = await join(t, b).expect(200);
      expect(res.body.status).toBe('queued');
      const matched = await eventually(async () => {
        const s = await status(t, a);
        expect(s.status).toBe('matched');
        // While the matchmaker is still creating the session, status is already \`matched\` with its id but without
        // the opponent's details (docs/matchmaking.md); they follow once the match is recorded.
        expect(s.opponent).not.toBeNull();
        return s;
      });
      expect(matched.opponent).toEqual({ player_id: b.id, username: b.username, rating: r + 150 });
      expect(await status(t, b)).toMatchObject({ status: 'matched', session_id: matched.session_id, opponent: { player_id: a.id } });

      const found = t.logs.events('match_found').find((l) => l.session_id === matched.session_id)!;
      expect(found.details).toMatchObject({ source: 'tick', gap: 150 });
      expect(found.details.window_a as number).toBeGreaterThanOrEqual(150);
      expect(found.trace_id).toEqual(expect.any(String));
      const tick = t.logs.lines.find((l) => l.event === 'matchmaker_tick' && l.trace_id === found.trace_id)!;
      expect(tick).toMatchObject({ level: 'DEBUG', service: 'matchmaker' });
      expect(tick.details).toMatchObject({ mode: MODE, pairs_made: 1, duration_ms: expect.any(Number), queue_size: expect.any(Number) });
      await t.http.delete(`/api/v1/sessions/${matched.session_id}`).set(serverAuth(t)).expect(200);
    });

    it('exports queue size, wait, rating gap and tick duration metrics', async () => {
      const p = await createPlayer(t, { rating: band() });
      await join(t, p).expect(200);
      const text = (await t.http.get('/metrics').expect(200)).text;
      expect(text).toMatch(/gsm_queue_size\{mode="ranked_1v1"\} [1-9]/);
      expect(text).toMatch(/gsm_queue_wait_seconds_count\{mode="ranked_1v1"\} [1-9]/);
      expect(text).toMatch(/gsm_match_rating_gap_count\{mode="ranked_1v1"\} [1-9]/);
      expect(text).toMatch(/gsm_matchmaker_tick_duration_seconds_count\{mode="ranked_1v1"\} [1-9]/);
      await leave(t, p).expect(204);
    });
  });

  describe('ticket expiry', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ backends, env: { MATCHMAKER_ENABLED: 'true', MATCHMAKER_INTERVAL_MS: '50', QUEUE_TICKET_TTL: '1' } });
    });

    afterAll(() => t.close());

    it('removes tickets older than QUEUE_TICKET_TTL and sets the player idle', async () => {
      const p = await createPlayer(t, { rating: band() });
      await join(t, p).expect(200);
      const line = await t.logs.waitFor((l) => l.event === 'queue_ticket_expired' && l.player_id === p.id, 5000);
      expect(line.details).toMatchObject({ mode: MODE, ttl_seconds: 1 });
      expect(line.details.waited_seconds as number).toBeGreaterThanOrEqual(1);
      expect(await status(t, p)).toMatchObject({ status: 'idle' });
      await leave(t, p).expect(404);
      await join(t, p).expect(200);
      await leave(t, p).expect(204);
    });

    it('expires, instead of re-queueing, claimed tickets that outlived the TTL when their match falls through', async () => {
      const r = band();
      const a = await createPlayer(t, { rating: r });
      const b = await createPlayer(t, { rating: r + 500 });
      await join(t, a).expect(200);
      await join(t, b).expect(200);
      const [claim] = await t.app.get(MatchQueue).claimPairs(MODE, [
        { a: { playerId: a.id, rating: r, joinedAt: 0 }, b: { playerId: b.id, rating: r + 500, joinedAt: 0 }, gap: 500, windowA: 0, windowB: 0 },
      ]);
      expect(claim.status).toBe('claimed');
      // The claim is abandoned and only recovered after the claim timeout, long after the 1 s TTL.
      await t.app.get(MatchmakerService).tick(MODE, Date.now() + CLAIM_TIMEOUT_MS + 1000);
      const outcomes = t.logs.events('match_claim_recovered').filter((l) => [a.id, b.id].includes(l.player_id!));
      expect(outcomes.map((l) => l.details.outcome)).toEqual(['expired', 'expired']);
      expect(t.logs.events('queue_ticket_expired').filter((l) => [a.id, b.id].includes(l.player_id!))).toHaveLength(2);
      expect(await t.app.get(MatchQueue).ticket(MODE, a.id)).toBeNull();
      expect(await status(t, a)).toMatchObject({ status: 'idle' });
      expect(await status(t, b)).toMatchObject({ status: 'idle' });
    });
  });

  describe('on a Redis Cluster', () => {
    let cluster: LocalRedisCluster;
    let t: TestApp;

    beforeAll(async () => {
      cluster = await startRedisCluster(3);
      t = await startTestApp({
        backends,
        env: {
          REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
          MATCHMAKER_ENABLED: 'true',
          MATCHMAKER_INTERVAL_MS: '50',
          MATCH_WINDOW_GROWTH: '200',
        },
      });
    });

    afterAll(async () => {
      await t?.close();
      await cluster?.stop();
    });

    it('runs join, tick matching, status and leave with every queue script on one node per mode', async () => {
      const r = band();
      const a = await createPlayer(t, { rating: r });
      const b = await createPlayer(t, { rating: r + 150 });
      const c = await createPlayer(t, { rating: r + 2000 });
      await join(t, a).expect(200);
      expect((await join(t, b).expect(200)).body.status).toBe('queued');
      await join(t, c, { mode: 'casual_1v1' }).expect(200);
      const matched = await eventually(async () => {
        const s = await status(t, b);
        expect(s.status).toBe('matched');
        // While the matchmaker is still creating the session, status is already \`matched\` with its id but without
        // the opponent's details (docs/matchmaking.md); they follow once the match is recorded.
        expect(s.opponent).not.toBeNull();
        return s;
      });
      expect(matched.opponent.player_id).toBe(a.id);
      expect(await status(t, c)).toMatchObject({ status: 'queued', mode: 'casual_1v1', position: 1, queue_size: 1 });
      await leave(t, c).expect(204);
      await t.http.delete(`/api/v1/sessions/${matched.session_id}`).set(serverAuth(t)).expect(200);
      expect((await t.http.get('/metrics').expect(200)).text).toMatch(/gsm_queue_size\{mode="casual_1v1"\} 0/);
    });
  });
});
