import { writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { EventLog } from '../apps/api/src/events/event-log';
import { MatchQueue } from '../apps/api/src/matchmaking/match-queue';
import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { Backends, startBackends } from './harness/backends';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';
import { SseClient } from './support/sse';

const ONE_V_ONE = { teams: 2, team_size: 1, base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600 };
const MODES_FILE = join(tmpdir(), `gsm-events-modes-${process.pid}.json`);
writeFileSync(
  MODES_FILE,
  JSON.stringify({
    modes: [
      ...['ranked_1v1', 'ev_match', 'ev_replay', 'ev_server'].map((name) => ({ name, ...ONE_V_ONE })),
      { name: 'rc_1v1', ...ONE_V_ONE, accept_timeout_seconds: 5 },
      { name: 'rc_2v2', ...ONE_V_ONE, team_size: 2, party_rating: 'max', accept_timeout_seconds: 5 },
    ],
  }),
);
const ENV = { MATCH_MODES_FILE: MODES_FILE, MATCHMAKER_INTERVAL_MS: '1000', EVENTS_TICKET_TTL_SECONDS: '1' };
const RC = 'rc_1v1';
const RC_TEAMS = 'rc_2v2';

/** Two replicas (A and B) over one Redis and one MongoDB, both listening on real ports for streaming clients. */
describe('GET /api/v1/events', () => {
  let backends: Backends;
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let redis: RedisClient;
  const clients: SseClient[] = [];

  const open = async (base: string, headers: Record<string, string> = {}, path = '/api/v1/events') => {
    const client = await SseClient.open(`${base}${path}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    backends = await startBackends();
    [a, b] = await Promise.all([startTestApp({ backends, env: ENV }), startTestApp({ backends, env: ENV })]);
    await Promise.all([a.app.listen(0, '127.0.0.1'), b.app.listen(0, '127.0.0.1')]);
    [urlA, urlB] = await Promise.all([a.app.getUrl(), b.app.getUrl()]);
    redis = a.app.get<RedisClient>(REDIS);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all([a?.close(), b?.close()]);
    await backends?.stop();
  });

  it('delivers match.found for one session to both players within one matchmaker tick, whichever replica holds each stream', async () => {
    // 200 apart: too far for an on-join match, so the scheduled matchmaker (on replica A) pairs them once windows grow.
    const [p1, p2] = await Promise.all([createPlayer(a, { rating: 1500 }), createPlayer(a, { rating: 1700 })]);
    const s1 = await open(urlB, p1.auth);
    const s2 = await open(urlA, p2.auth);
    expect(s1.status).toBe(200);
    expect(s1.headers.get('content-type')).toContain('text/event-stream');
    expect(s1.headers.get('x-request-id')).toBeTruthy();

    await a.http.post('/api/v1/queue/join').set(p1.auth).send({ mode: 'ev_match' }).expect(200);
    expect((await s1.waitFor((e) => e.event === 'queue.joined')).data).toMatchObject({ mode: 'ev_match', rating: 1500 });
    expect((await b.http.post('/api/v1/queue/join').set(p2.auth).send({ mode: 'ev_match' }).expect(200)).body.status).toBe('queued');
    expect((await a.app.get(MatchmakerService).tick('ev_match', Date.now() + 10_000)).matched).toBe(1);
    const matchedAt = Date.now();
    const [f1, f2] = await Promise.all([s1.waitFor((e) => e.event === 'match.found'), s2.waitFor((e) => e.event === 'match.found')]);
    expect(Date.now() - matchedAt).toBeLessThan(a.config.matchmaker.intervalMs);

    const status = await a.http.get('/api/v1/queue/status').set(p1.auth).expect(200);
    expect(f1.data.session_id).toBe(status.body.session_id);
    expect(f2.data.session_id).toBe(status.body.session_id);
    expect(f1.data).toMatchObject({
      mode: 'ev_match',
      teams: [[{ player_id: expect.any(String), username: expect.any(String), rating: expect.any(Number) }], [expect.any(Object)]],
      trace_id: expect.any(String),
    });
    const ids = (f1.data.teams as { player_id: string }[][]).flat().map((p) => p.player_id).sort();
    expect(ids).toEqual([p1.id, p2.id].sort());
    expect(f1.id).toMatch(/^\d+-\d+$/);
  });

  it('replays exactly the events missed while disconnected (Last-Event-ID, on another replica), then live ones, without duplicates', async () => {
    const p = await createPlayer(a);
    const first = await open(urlA, p.auth);
    await a.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ev_replay' }).expect(200);
    const seen = await first.waitFor((e) => e.event === 'queue.joined');
    first.close();

    // Three events while away.
    await b.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
    await a.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ev_replay' }).expect(200);
    await b.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);

    const again = await open(urlB, { ...p.auth, 'Last-Event-ID': seen.id! });
    const replayed = await again.waitForCount(3);
    expect(replayed.map((e) => [e.event, e.data.reason])).toEqual([
      ['queue.left', 'left'],
      ['queue.joined', undefined],
      ['queue.left', 'left'],
    ]);
    await a.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ev_replay' }).expect(200);
    await again.waitForCount(4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.events.map((e) => e.event)).toEqual(['queue.left', 'queue.joined', 'queue.left', 'queue.joined']);
    const ids = again.events.map((e) => e.id!);
    expect(new Set(ids).size).toBe(4);
    await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
  });

  it('sends events_lost for an id whose successors are no longer retained, and resumes from a retained one', async () => {
    const p = await createPlayer(a);
    const s = await open(urlA, p.auth);
    for (let i = 0; i < 2; i++) {
      await a.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ev_replay' }).expect(200);
      await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
    }
    const events = await s.waitForCount(4);
    s.close();
    // Retention trimming drops the oldest entries; keep only the newest two.
    await redis.xtrim(keys.events.player(p.id), 'MAXLEN', 2);

    const lost = await open(urlB, { ...p.auth, 'Last-Event-ID': events[0].id! });
    const notice = await lost.waitFor(() => true);
    expect(notice).toMatchObject({ event: 'events_lost', id: events[3].id, data: { last_event_id: events[0].id, trace_id: expect.any(String) } });

    const resumed = await open(urlA, { ...p.auth, 'Last-Event-ID': events[2].id! });
    expect((await resumed.waitFor(() => true)).id).toBe(events[3].id);
    const bogus = await open(urlA, p.auth, '/api/v1/events?last_event_id=1-1');
    expect((await bogus.waitFor(() => true)).event).toBe('events_lost');
  });

  it('accepts a one-time ticket instead of a header: single use, and it expires', async () => {
    const p = await createPlayer(a);
    const issued = await a.http.post('/api/v1/events/ticket').set(p.auth).expect(201);
    expect(issued.body).toEqual({ ticket: expect.stringMatching(/^[\w-]{43}$/), expires_in: 1 });

    const s = await open(urlB, {}, `/api/v1/events?ticket=${issued.body.ticket}`);
    expect(s.status).toBe(200);
    await a.http.post('/api/v1/queue/join').set(p.auth).send({ mode: 'ev_replay' }).expect(200);
    await s.waitFor((e) => e.event === 'queue.joined');
    await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);

    expect((await open(urlA, {}, `/api/v1/events?ticket=${issued.body.ticket}`)).status).toBe(401);
    const late = await a.http.post('/api/v1/events/ticket').set(p.auth).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await open(urlA, {}, `/api/v1/events?ticket=${late.body.ticket}`)).status).toBe(401);
    expect((await open(urlA)).status).toBe(401);
    await a.http.post('/api/v1/events/ticket').set(serverAuth(a)).expect(403);
  });

  it('feeds the game-server stream and the players: session.created, session.updated, rating.changed, session.ended', async () => {
    const [p1, p2] = await Promise.all([createPlayer(a, { rating: 1200 }), createPlayer(a, { rating: 1200 })]);
    const server = await open(urlB, serverAuth(a));
    const s1 = await open(urlA, p1.auth);
    await a.http.post('/api/v1/queue/join').set(p1.auth).send({ mode: 'ev_server' }).expect(200);
    const joined = await b.http.post('/api/v1/queue/join').set(p2.auth).send({ mode: 'ev_server' }).expect(200);
    const sessionId = joined.body.session_id as string;
    expect(sessionId).toBeTruthy();

    const created = await server.waitFor((e) => e.event === 'session.created' && e.data.session_id === sessionId);
    expect(created.data).toMatchObject({ mode: 'ev_server', status: 'waiting', version: 1, state: {}, trace_id: expect.any(String) });
    expect((created.data.players as { player_id: string }[]).map((x) => x.player_id).sort()).toEqual([p1.id, p2.id].sort());

    await a.http.put(`/api/v1/sessions/${sessionId}/update`).set(serverAuth(a)).send({ status: 'active' }).expect(200);
    const updated = await s1.waitFor((e) => e.event === 'session.updated');
    expect(updated.data).toMatchObject({ session_id: sessionId, status: 'active', version: 2 });
    await server.waitFor((e) => e.event === 'session.updated' && e.data.session_id === sessionId);

    await a.http.post('/api/v1/matches/result').set(serverAuth(a)).send({ session_id: sessionId, player_id: p1.id, outcome: 1 }).expect(200);
    expect((await s1.waitFor((e) => e.event === 'rating.changed')).data).toMatchObject({ session_id: sessionId, old_rating: 1200, new_rating: 1216, change: 16 });
    expect((await s1.waitFor((e) => e.event === 'session.ended')).data).toMatchObject({ session_id: sessionId, status: 'completed' });
    await server.waitFor((e) => e.event === 'session.ended' && e.data.session_id === sessionId);
    expect(s1.events.map((e) => e.event)).toEqual(['queue.joined', 'match.found', 'session.updated', 'rating.changed', 'session.ended']);

    const metrics = await a.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/gsm_events_open_streams\{kind="player"\} [1-9]/);
    expect(metrics.text).toMatch(/gsm_events_sent_total\{event="match.found"\} [1-9]/);
  });

  it('keeps at most EVENTS_MAX_STREAMS_PER_PLAYER streams per player across replicas, closing the oldest', async () => {
    const p = await createPlayer(a);
    const oldest = await open(urlA, p.auth);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const others = [await open(urlB, p.auth), await open(urlA, p.auth)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    others.push(await open(urlB, p.auth));
    await oldest.waitForEnd();
    expect(oldest.events.at(-1)).toMatchObject({ event: 'stream.closed', data: { reason: 'limit' } });
    expect(others.every((c) => !c.ended)).toBe(true);
  });

  it('ends its streams when the replica shuts down, so clients reconnect elsewhere', async () => {
    const c = await startTestApp({ backends, env: ENV });
    await c.app.listen(0, '127.0.0.1');
    const p = await createPlayer(c);
    const s = await open(await c.app.getUrl(), p.auth);
    await c.close();
    await s.waitForEnd();
    expect(s.events.at(-1)).toMatchObject({ event: 'stream.closed', data: { reason: 'shutdown' } });
  });

  it('drops a client that stops reading instead of buffering for it, and its stream leaves the open-streams gauge', async () => {
    const c = await startTestApp({ backends, env: { ...ENV, EVENTS_MAX_BUFFER_BYTES: '65536' } });
    await c.app.listen(0, '127.0.0.1');
    const gauge = async () => Number(/gsm_events_open_streams\{kind="player"\} (\d+)/.exec((await c.http.get('/metrics').expect(200)).text)?.[1] ?? 0);
    const slowDrops = async () => Number(/gsm_events_streams_closed_total\{reason="slow"\} (\d+)/.exec((await c.http.get('/metrics').expect(200)).text)?.[1] ?? 0);
    let socket: Socket | null = null;
    try {
      const p = await createPlayer(c);
      const { port } = new URL(await c.app.getUrl());
      // A raw HTTP client: it reads the response head, then never reads again.
      const s = connect(Number(port), '127.0.0.1');
      socket = s;
      let closed = false;
      s.on('close', () => (closed = true));
      s.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        let head = '';
        const onData = (chunk: Buffer) => {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          s.off('data', onData);
          s.pause();
          if (head.startsWith('HTTP/1.1 200')) resolve();
          else reject(new Error(head.split('\r\n')[0]));
        };
        s.on('data', onData);
        s.write(`GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: ${p.auth.Authorization}\r\n\r\n`);
      });
      expect(await gauge()).toBe(1);

      // Events of 16 KiB each, published until the replica gives up on the client: far more than the socket buffers
      // and EVENTS_MAX_BUFFER_BYTES together, so an unbounded buffer would keep growing instead.
      const log = c.app.get(EventLog);
      const padding = 'x'.repeat(16 * 1024);
      let published = 0;
      const deadline = Date.now() + 40_000;
      while ((await gauge()) > 0) {
        if (Date.now() > deadline) throw new Error(`stream still open after ${published} events`);
        await Promise.all(Array.from({ length: 50 }, () => log.append(keys.events.player(p.id), 'queue.joined', { mode: 'ev_replay', padding })));
        published += 50;
      }
      expect(await slowDrops()).toBe(1);
      expect(c.logs.events('event_stream_dropped')).toContainEqual(expect.objectContaining({ player_id: p.id, details: expect.objectContaining({ reason: 'slow' }) }));

      // The client, reading again, finds its connection closed once it has drained what the network held.
      s.resume();
      const closeBy = Date.now() + 10_000;
      while (!closed && Date.now() < closeBy) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(closed).toBe(true);
      expect(await gauge()).toBe(0);
    } finally {
      socket?.destroy();
      await c.close();
    }
  });

  describe('ready-check (accept_timeout_seconds)', () => {
    /** Two players of one rating band (bands 500 apart never meet), each holding a stream; both queued and matched. */
    async function pendingMatch(rating: number) {
      const [p1, p2] = await Promise.all([createPlayer(a, { rating }), createPlayer(a, { rating })]);
      const [s1, s2] = [await open(urlA, p1.auth), await open(urlB, p2.auth)];
      const joined1 = await a.http.post('/api/v1/queue/join').set(p1.auth).send({ mode: RC }).expect(200);
      const joined2 = await b.http.post('/api/v1/queue/join').set(p2.auth).send({ mode: RC }).expect(200);
      expect(joined2.body.status).toBe('queued');
      const [r1, r2] = await Promise.all([s1.waitFor((e) => e.event === 'match.accept_required'), s2.waitFor((e) => e.event === 'match.accept_required')]);
      expect(r1.data.match_id).toBe(r2.data.match_id);
      return { p1, p2, s1, s2, matchId: r1.data.match_id as string, required: r1, joinedAt: Date.parse(joined1.body.joined_at) };
    }
    const answer = (app: TestApp, p: TestPlayer, matchId: string, what: 'accept' | 'decline') => app.http.post(`/api/v1/matches/${matchId}/${what}`).set(p.auth);

    it('creates the session once everyone accepts; answering twice is 409, a stranger 403, an unknown match 404', async () => {
      const { p1, p2, s1, s2, matchId, required } = await pendingMatch(2500);
      expect(required.data).toMatchObject({ mode: RC, deadline: expect.any(String), teams: [[{ player_id: expect.any(String), username: expect.any(String), rating: 2500 }], [expect.any(Object)]] });
      const status = (await a.http.get('/api/v1/queue/status').set(p1.auth).expect(200)).body;
      expect(status).toMatchObject({ status: 'queued', mode: RC, pending_match: { match_id: matchId, deadline: required.data.deadline, accepted: false } });

      expect((await answer(a, p1, matchId, 'accept').expect(200)).body).toEqual({ match_id: matchId, status: 'pending', session_id: null });
      expect((await a.http.get('/api/v1/queue/status').set(p1.auth).expect(200)).body.pending_match.accepted).toBe(true);
      await answer(b, p1, matchId, 'accept').expect(409);
      const stranger = await createPlayer(a);
      await answer(a, stranger, matchId, 'accept').expect(403);
      await answer(a, stranger, 'nosuchmatch1', 'decline').expect(404);
      expect(s1.events.some((e) => e.event === 'match.found')).toBe(false);

      const confirmed = (await answer(b, p2, matchId, 'accept').expect(200)).body;
      expect(confirmed).toEqual({ match_id: matchId, status: 'confirmed', session_id: expect.stringMatching(/^[a-f0-9]{24}$/) });
      const [f1, f2] = await Promise.all([s1.waitFor((e) => e.event === 'match.found'), s2.waitFor((e) => e.event === 'match.found')]);
      expect([f1.data.session_id, f2.data.session_id]).toEqual([confirmed.session_id, confirmed.session_id]);
      expect((await a.http.get('/api/v1/queue/status').set(p2.auth).expect(200)).body).toMatchObject({ status: 'matched', session_id: confirmed.session_id, pending_match: null });
      await answer(a, p2, matchId, 'decline').expect(409);
    });

    it('cancels on a decline: the decliner leaves the queue, the other goes back with the original join time', async () => {
      const { p1, p2, s1, s2, matchId, joinedAt } = await pendingMatch(3000);
      await answer(a, p1, matchId, 'accept').expect(200);
      expect((await answer(b, p2, matchId, 'decline').expect(200)).body).toEqual({ match_id: matchId, status: 'cancelled', session_id: null });

      expect((await s2.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ match_id: matchId, reason: 'declined', requeued: false });
      expect((await s2.waitFor((e) => e.event === 'queue.left')).data).toMatchObject({ mode: RC, reason: 'match_cancelled' });
      expect((await s1.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ match_id: matchId, reason: 'declined', requeued: true });
      expect((await a.http.get('/api/v1/queue/status').set(p2.auth).expect(200)).body.status).toBe('idle');
      expect((await a.http.get('/api/v1/queue/status').set(p1.auth).expect(200)).body).toMatchObject({ status: 'queued', pending_match: null });
      expect(await a.app.get(MatchQueue).ticket(RC, p1.id)).toMatchObject({ joinedAt, claimId: null });
      await answer(a, p1, matchId, 'accept').expect(409);
      await a.http.delete('/api/v1/queue/leave').set(p1.auth).expect(204);
    });

    it('cancels at the deadline: silent players leave the queue, those who accepted go back', async () => {
      const { p1, p2, s1, s2, matchId, joinedAt } = await pendingMatch(3500);
      const matchmaker = a.app.get(MatchmakerService);
      // Both tickets are claimed for the ready-check, the claim is fresh and the deadline ahead: a tick has nothing to do.
      expect(await matchmaker.hasWork(RC)).toBe(false);
      expect(await matchmaker.hasWork(RC, Date.now() + 6000)).toBe(true);
      await answer(b, p1, matchId, 'accept').expect(200);
      await a.app.get(MatchmakerService).tick(RC, Date.now() + 4000); // before the deadline: nothing happens
      expect(s1.events.some((e) => e.event === 'match.cancelled')).toBe(false);
      await b.app.get(MatchmakerService).tick(RC, Date.now() + 6000);

      expect((await s1.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ match_id: matchId, reason: 'timeout', requeued: true });
      expect((await s2.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ reason: 'timeout', requeued: false });
      expect((await s2.waitFor((e) => e.event === 'queue.left')).data.reason).toBe('match_cancelled');
      expect((await a.http.get('/api/v1/queue/status').set(p2.auth).expect(200)).body.status).toBe('idle');
      expect(await a.app.get(MatchQueue).ticket(RC, p1.id)).toMatchObject({ joinedAt, claimId: null });
      expect(await matchmaker.hasWork(RC)).toBe(true); // p1's open ticket
      await answer(a, p2, matchId, 'accept').expect(409);
      await a.http.delete('/api/v1/queue/leave').set(p1.auth).expect(204);
      expect(await matchmaker.hasWork(RC)).toBe(false);
    });

    describe('in a team mode, with a party', () => {
      /**
       * A party of two and two solos of one rating band queued in rc_2v2, each player holding a stream, and one
       * matchmaker tick: the 2v2 waits for all four accepts.
       */
      async function pendingTeamMatch(rating: number) {
        const [leader, member, solo1, solo2] = await Promise.all([0, 0, 40, -40].map((d) => createPlayer(a, { rating: rating + d })));
        const party = (await a.http.post('/api/v1/parties').set(leader.auth).expect(201)).body;
        await b.http.post(`/api/v1/parties/${party.party_id}/join`).set(member.auth).send({ invite_code: party.invite_code }).expect(200);
        const players = [leader, member, solo1, solo2];
        const streams = await Promise.all(players.map((p, i) => open(i % 2 ? urlB : urlA, p.auth)));
        const joined = await a.http.post('/api/v1/queue/join').set(leader.auth).send({ mode: RC_TEAMS }).expect(200);
        expect(joined.body).toMatchObject({ status: 'queued', party_id: party.party_id });
        const soloJoins = [];
        for (const s of [solo1, solo2]) soloJoins.push((await b.http.post('/api/v1/queue/join').set(s.auth).send({ mode: RC_TEAMS }).expect(200)).body);
        await a.app.get(MatchmakerService).tick(RC_TEAMS, Date.now() + 1000);
        const required = await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'match.accept_required')));
        const matchId = required[0].data.match_id as string;
        expect(required.every((r) => r.data.match_id === matchId)).toBe(true);
        return {
          leader,
          member,
          solo1,
          solo2,
          players,
          streams,
          partyId: party.party_id as string,
          matchId,
          required: required[0],
          joinedAt: { party: Date.parse(joined.body.joined_at), solo1: Date.parse(soloJoins[0].joined_at), solo2: Date.parse(soloJoins[1].joined_at) },
        };
      }

      it('creates the session with its teams once every member of every ticket accepts', async () => {
        const { leader, member, solo1, solo2, players, streams, matchId, required } = await pendingTeamMatch(5000);
        const teams = required.data.teams as { player_id: string; username: string; rating: number }[][];
        expect(teams).toHaveLength(2);
        const partyTeam = teams.find((t) => t.some((p) => p.player_id === leader.id))!;
        expect(partyTeam.map((p) => p.player_id).sort()).toEqual([leader.id, member.id].sort());
        expect(partyTeam.find((p) => p.player_id === member.id)).toMatchObject({ username: member.username, rating: 5000 });
        expect(teams.find((t) => t !== partyTeam)!.map((p) => p.player_id).sort()).toEqual([solo1.id, solo2.id].sort());
        // Every party member is asked, and sees the pending match in the queue status.
        expect((await b.http.get('/api/v1/queue/status').set(member.auth).expect(200)).body).toMatchObject({ status: 'queued', pending_match: { match_id: matchId, accepted: false } });

        for (const p of [leader, solo1, solo2]) expect((await answer(a, p, matchId, 'accept').expect(200)).body.status).toBe('pending');
        expect(streams.some((s) => s.events.some((e) => e.event === 'match.found'))).toBe(false);
        const confirmed = (await answer(b, member, matchId, 'accept').expect(200)).body;
        expect(confirmed).toEqual({ match_id: matchId, status: 'confirmed', session_id: expect.stringMatching(/^[a-f0-9]{24}$/) });

        const found = await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'match.found')));
        expect(found.every((f) => f.data.session_id === confirmed.session_id)).toBe(true);
        const session = (await a.http.get(`/api/v1/sessions/${confirmed.session_id}/state`).set(serverAuth(a)).expect(200)).body;
        const sorted = (session.teams as string[][]).map((t) => [...t].sort());
        expect(sorted).toContainEqual([leader.id, member.id].sort());
        expect(sorted).toContainEqual([solo1.id, solo2.id].sort());
        for (const p of players) expect((await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body).toMatchObject({ status: 'matched', session_id: confirmed.session_id });
      });

      it('cancels when a party member declines: the whole party leaves the queue, the solos go back with their join times', async () => {
        const { leader, member, solo1, solo2, streams, matchId, joinedAt, partyId } = await pendingTeamMatch(5500);
        await answer(a, leader, matchId, 'accept').expect(200);
        await answer(a, solo1, matchId, 'accept').expect(200);
        // solo2 has not answered yet: a decline by someone else sends them back all the same.
        expect((await answer(b, member, matchId, 'decline').expect(200)).body).toEqual({ match_id: matchId, status: 'cancelled', session_id: null });

        const [sLeader, sMember, sSolo1, sSolo2] = streams;
        for (const s of [sLeader, sMember]) {
          expect((await s.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ match_id: matchId, mode: RC_TEAMS, reason: 'declined', requeued: false });
          expect((await s.waitFor((e) => e.event === 'queue.left')).data).toMatchObject({ mode: RC_TEAMS, reason: 'match_cancelled' });
        }
        for (const s of [sSolo1, sSolo2]) expect((await s.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ reason: 'declined', requeued: true });
        for (const p of [leader, member]) expect((await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body.status).toBe('idle');
        const queue = a.app.get(MatchQueue);
        expect(await queue.ticket(RC_TEAMS, partyId)).toBeNull();
        expect(await queue.ticket(RC_TEAMS, solo1.id)).toMatchObject({ joinedAt: joinedAt.solo1, claimId: null });
        expect(await queue.ticket(RC_TEAMS, solo2.id)).toMatchObject({ joinedAt: joinedAt.solo2, claimId: null });
        for (const p of [solo1, solo2]) {
          expect((await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body).toMatchObject({ status: 'queued', pending_match: null });
          await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
        }
        // The party may queue again at once.
        await a.http.post('/api/v1/queue/join').set(leader.auth).send({ mode: RC_TEAMS }).expect(200);
        await a.http.delete('/api/v1/queue/leave').set(member.auth).expect(204);
      });

      it('cancels when the party changes meanwhile, even after its members accepted: the party leaves the queue, the others go back', async () => {
        const { leader, member, solo1, solo2, streams, matchId, joinedAt, partyId } = await pendingTeamMatch(6500);
        for (const p of [leader, member, solo1]) await answer(a, p, matchId, 'accept').expect(200);
        await b.http.delete(`/api/v1/parties/${partyId}/members/${member.id}`).set(member.auth).expect(204);

        const [sLeader, sMember, sSolo1, sSolo2] = streams;
        for (const s of [sLeader, sMember]) {
          expect((await s.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ match_id: matchId, reason: 'party_changed', requeued: false });
          expect((await s.waitFor((e) => e.event === 'queue.left')).data).toMatchObject({ mode: RC_TEAMS, reason: 'party_changed' });
        }
        for (const s of [sSolo1, sSolo2]) expect((await s.waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ reason: 'party_changed', requeued: true });
        await new Promise((resolve) => setTimeout(resolve, 200));
        for (const s of [sLeader, sMember]) expect(s.events.filter((e) => e.event === 'queue.left')).toHaveLength(1);
        for (const p of [leader, member]) expect((await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body.status).toBe('idle');
        expect(await a.app.get(MatchQueue).ticket(RC_TEAMS, partyId)).toBeNull();
        expect(await a.app.get(MatchQueue).ticket(RC_TEAMS, solo2.id)).toMatchObject({ joinedAt: joinedAt.solo2, claimId: null });
        await answer(a, solo2, matchId, 'accept').expect(409);
        expect(a.logs.events('party_change_listener_failed').concat(b.logs.events('party_change_listener_failed'))).toEqual([]);
        for (const p of [solo1, solo2]) await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
      });

      it('cancels at the deadline: a party with a silent member leaves whole, tickets whose players all accepted go back', async () => {
        const { leader, member, solo1, solo2, streams, matchId, joinedAt, partyId } = await pendingTeamMatch(6000);
        await answer(a, leader, matchId, 'accept').expect(200);
        await answer(b, solo1, matchId, 'accept').expect(200);
        await answer(b, solo2, matchId, 'accept').expect(200);
        await b.app.get(MatchmakerService).tick(RC_TEAMS, Date.now() + 6000);

        expect((await streams[0].waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ reason: 'timeout', requeued: false });
        expect((await streams[1].waitFor((e) => e.event === 'queue.left')).data.reason).toBe('match_cancelled');
        expect((await streams[2].waitFor((e) => e.event === 'match.cancelled')).data).toMatchObject({ reason: 'timeout', requeued: true });
        for (const p of [leader, member]) expect((await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body.status).toBe('idle');
        expect(await a.app.get(MatchQueue).ticket(RC_TEAMS, partyId)).toBeNull();
        expect(await a.app.get(MatchQueue).ticket(RC_TEAMS, solo1.id)).toMatchObject({ joinedAt: joinedAt.solo1, claimId: null });
        await answer(a, member, matchId, 'accept').expect(409);
        for (const p of [solo1, solo2]) await a.http.delete('/api/v1/queue/leave').set(p.auth).expect(204);
      });
    });
  });
});
