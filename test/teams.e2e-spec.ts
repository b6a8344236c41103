import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { PlayerStatsCache } from '../apps/api/src/players/player-stats.cache';
import { MatchResultsService } from '../apps/api/src/ratings/match-results.service';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from './support/players';

/** Each test plays in its own rating band, far beyond the largest window (500) from every other band. */
let nextBand = 0;
const band = () => 20_000 + 2_000 * nextBand++;

interface PartyBody {
  party_id: string;
  leader_id: string;
  members: { player_id: string; username: string; rating: number }[];
  invite_code: string;
  max_size: number;
  created_at: string;
}

describe('parties and team modes', () => {
  let t: TestApp;
  const createParty = async (leader: TestPlayer): Promise<PartyBody> => (await t.http.post('/api/v1/parties').set(leader.auth).expect(201)).body;
  const joinParty = (p: TestPlayer, party: PartyBody, code = party.invite_code) =>
    t.http.post(`/api/v1/parties/${party.party_id}/join`).set(p.auth).send({ invite_code: code });
  const removeMember = (actor: TestPlayer, party: PartyBody, member: TestPlayer) =>
    t.http.delete(`/api/v1/parties/${party.party_id}/members/${member.id}`).set(actor.auth);
  const queueJoin = (p: TestPlayer, mode: string) => t.http.post('/api/v1/queue/join').set(p.auth).send({ mode });
  const status = async (p: TestPlayer) => (await t.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body;
  const tick = (mode: string) => t.app.get(MatchmakerService).tick(mode, Date.now() + 1000);
  /** A party of `size` players rated `rating`, all joined. */
  const partyOf = async (rating: number, size: number) => {
    const players = await Promise.all(Array.from({ length: size }, () => createPlayer(t, { rating })));
    const party = await createParty(players[0]);
    for (const p of players.slice(1)) await joinParty(p, party).expect(200);
    return { party, players };
  };

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  describe('/api/v1/parties', () => {
    it('creates, joins with the code, shows members only, hands leadership on, removes and disbands', async () => {
      const [leader, friend, third, stranger] = await Promise.all([createPlayer(t, { rating: 1300 }), createPlayer(t), createPlayer(t), createPlayer(t)]);
      const party = await createParty(leader);
      expect(party).toEqual({
        party_id: expect.stringMatching(/^party_[0-9a-f]{20}$/),
        leader_id: leader.id,
        members: [{ player_id: leader.id, username: leader.username, rating: 1300 }],
        invite_code: expect.stringMatching(/^[0-9a-f]{16}$/),
        max_size: 5,
        created_at: expect.any(String),
      });
      await t.http.post('/api/v1/parties').set(leader.auth).expect(409);
      await joinParty(friend, party, '0000000000000000').expect(403);
      const joined = (await joinParty(friend, party).expect(200)).body as PartyBody;
      expect(joined.members.map((m) => m.player_id)).toEqual([leader.id, friend.id]);
      await joinParty(third, party).expect(200);
      await t.http.post('/api/v1/parties').set(friend.auth).expect(409);

      await t.http.get(`/api/v1/parties/${party.party_id}`).set(stranger.auth).expect(403);
      expect((await t.http.get('/api/v1/parties/me').set(friend.auth).expect(200)).body.party_id).toBe(party.party_id);
      await t.http.get('/api/v1/parties/me').set(stranger.auth).expect(404);

      // A member may not remove another; the leader may (kick); the leader leaving hands over to the longest-standing.
      await removeMember(friend, party, third).expect(403);
      await removeMember(leader, party, third).expect(204);
      await t.http.get('/api/v1/parties/me').set(third.auth).expect(404);
      await removeMember(leader, party, leader).expect(204);
      const after = (await t.http.get(`/api/v1/parties/${party.party_id}`).set(friend.auth).expect(200)).body as PartyBody;
      expect(after.leader_id).toBe(friend.id);
      expect(after.members.map((m) => m.player_id)).toEqual([friend.id]);
      await removeMember(friend, party, friend).expect(204);
      await t.http.get(`/api/v1/parties/${party.party_id}`).set(friend.auth).expect(404);
      // The party state is in Redis with an idle TTL; a disbanded party leaves nothing behind.
      expect(t.logs.events('party_disbanded').some((l) => l.details.party_id === party.party_id)).toBe(true);
    });
  });

  describe('queueing a party', () => {
    it('queues the party as one ticket answered to every member; members cannot queue alone; too big a party is 400', async () => {
      const r = band();
      const { party, players } = await partyOf(r, 2);
      await queueJoin(players[1], 'ranked_2v2').expect(409);
      await queueJoin(players[0], 'ranked_1v1').expect(400);
      const res = await queueJoin(players[0], 'ranked_2v2').expect(200);
      expect(res.body).toMatchObject({ status: 'queued', mode: 'ranked_2v2', party_id: party.party_id });
      for (const p of players) expect(await status(p)).toMatchObject({ status: 'queued', mode: 'ranked_2v2', party_id: party.party_id });

      // Any member leaving the queue removes the party's ticket.
      await t.http.delete('/api/v1/queue/leave').set(players[1].auth).expect(204);
      for (const p of players) expect((await status(p)).status).toBe('idle');
      expect(t.logs.events('queue_left').some((l) => l.details.party_id === party.party_id)).toBe(true);
    });

    it('a member refused a solo join is left idle; a party of one queues alone with a solo ticket', async () => {
      const r = band();
      const { players } = await partyOf(r, 2);
      await queueJoin(players[1], 'ranked_1v1').expect(409);
      expect((await status(players[1])).status).toBe('idle');

      const { players: [single] } = await partyOf(r, 1);
      const res = await queueJoin(single, 'ranked_1v1').expect(200);
      expect(res.body).toMatchObject({ status: 'queued', mode: 'ranked_1v1', party_id: null });
      expect(await status(single)).toMatchObject({ status: 'queued', mode: 'ranked_1v1', party_id: null });
      await t.http.delete('/api/v1/queue/leave').set(single.auth).expect(204);
    });

    it('a membership change dissolves the ticket and logs why', async () => {
      const r = band();
      const { party, players } = await partyOf(r, 2);
      await queueJoin(players[0], 'ranked_2v2').expect(200);
      const newcomer = await createPlayer(t, { rating: r });
      await joinParty(newcomer, party).expect(200);
      for (const p of players) expect((await status(p)).status).toBe('idle');
      expect(t.logs.events('queue_left').some((l) => l.details.party_id === party.party_id && l.details.reason === 'member_joined')).toBe(true);
    });

    it('returns 409 naming the member who is busy, and queues nobody', async () => {
      const r = band();
      const { players } = await partyOf(r, 2);
      const other = await createPlayer(t, { rating: r });
      const invited = await t.http.post('/api/v1/sessions/create').set(players[1].auth).send({ player_ids: [players[1].id, other.id] }).expect(201);
      await t.http.post(`/api/v1/sessions/${invited.body.session_id}/accept`).set(other.auth).expect(200);
      const res = await queueJoin(players[0], 'ranked_2v2').expect(409);
      expect(res.body.message).toContain(players[1].username);
      expect((await status(players[0])).status).toBe('idle');
    });
  });

  describe('forming team matches', () => {
    it('forms a 2v2 from a party of two and two solos: the party on one team, sessions with teams, records with teammates', async () => {
      const r = band();
      const { party, players: duo } = await partyOf(r, 2);
      const solos = await Promise.all([createPlayer(t, { rating: r + 60 }), createPlayer(t, { rating: r - 60 })]);
      await queueJoin(duo[0], 'ranked_2v2').expect(200);
      for (const s of solos) await queueJoin(s, 'ranked_2v2').expect(200);
      const report = await tick('ranked_2v2');
      expect(report.matched).toBeGreaterThanOrEqual(1);

      const st = await status(duo[1]);
      expect(st).toMatchObject({ status: 'matched', mode: 'ranked_2v2' });
      expect(st.teammates.map((p: { player_id: string }) => p.player_id)).toEqual([duo[0].id]);
      expect(st.opponents.map((p: { player_id: string }) => p.player_id).sort()).toEqual(solos.map((s) => s.id).sort());
      const session = (await t.http.get(`/api/v1/sessions/${st.session_id}/state`).set(duo[0].auth).expect(200)).body;
      const duoTeam = session.teams.findIndex((team: string[]) => team.includes(duo[0].id));
      expect(session.teams).toHaveLength(2);
      expect([...session.teams[duoTeam]].sort()).toEqual([duo[0].id, duo[1].id].sort());
      expect([...session.teams[1 - duoTeam]].sort()).toEqual(solos.map((s) => s.id).sort());
      for (const p of session.players) expect(session.teams[p.team]).toContain(p.player_id);
      expect(t.logs.events('match_found').some((l) => l.session_id === st.session_id && l.details.imbalance === 0)).toBe(true);
      expect(party.party_id).toBeTruthy();
    });

    it('forms ffa_4 from four solos, one per team', async () => {
      const r = band();
      const solos = await Promise.all([0, 20, 40, 60].map((d) => createPlayer(t, { rating: r + d })));
      for (const s of solos) await queueJoin(s, 'ffa_4').expect(200);
      await tick('ffa_4');
      const st = await status(solos[0]);
      expect(st.status).toBe('matched');
      const session = (await t.http.get(`/api/v1/sessions/${st.session_id}/state`).set(solos[0].auth).expect(200)).body;
      expect(session.teams).toHaveLength(4);
      expect(session.teams.every((team: string[]) => team.length === 1)).toBe(true);
      expect(st.teammates).toEqual([]);
      expect(st.opponents).toHaveLength(3);
    });

    it('never splits a party of two: two parties of two form a 2v2 party against party', async () => {
      const r = band();
      const a = await partyOf(r, 2);
      const b = await partyOf(r + 10, 2);
      const solo = await createPlayer(t, { rating: r });
      await queueJoin(a.players[0], 'ranked_2v2').expect(200);
      await queueJoin(solo, 'ranked_2v2').expect(200);
      await queueJoin(b.players[0], 'ranked_2v2').expect(200);
      await tick('ranked_2v2');
      const st = await status(a.players[0]);
      expect(st.status).toBe('matched');
      expect(st.teammates.map((p: { player_id: string }) => p.player_id)).toEqual([a.players[1].id]);
      expect(st.opponents.map((p: { player_id: string }) => p.player_id).sort()).toEqual(b.players.map((p) => p.id).sort());
      expect((await status(solo)).status).toBe('queued');
      await t.http.delete('/api/v1/queue/leave').set(solo.auth).expect(204);
    });

    it('creates sessions with teams through POST /api/v1/sessions/create', async () => {
      const ps = await Promise.all([1, 2, 3, 4].map(() => createPlayer(t)));
      const res = await t.http
        .post('/api/v1/sessions/create')
        .set(ps[0].auth)
        .send({ teams: [[ps[0].id, ps[1].id], [ps[2].id, ps[3].id]], mode: 'ranked_2v2' })
        .expect(201);
      expect(res.body.teams).toEqual([[ps[0].id, ps[1].id], [ps[2].id, ps[3].id]]);
      expect(res.body.players.map((p: { team: number }) => p.team)).toEqual([0, 0, 1, 1]);
      await t.http.post('/api/v1/sessions/create').set(ps[0].auth).send({ teams: [[ps[0].id]] }).expect(400);
    });
  });
  describe('POST /api/v1/matches/result with placements', () => {
    interface Change {
      player_id: string;
      team: number;
      old_rating: number;
      new_rating: number;
      change: number;
    }
    const server = () => serverAuth(t);
    const report = (auth: Record<string, string>, body: Record<string, unknown>) => t.http.post('/api/v1/matches/result').set(auth).send(body);
    const rating = async (p: TestPlayer) => (await t.http.get(`/api/v1/players/${p.id}/rating`).set(p.auth).expect(200)).body;
    /** The documented team rule: K × (score − expected) from the team means, summed over the other teams, ÷ (teams − 1). */
    const teamElo = (means: number[], placements: number[], i: number) => {
      let sum = 0;
      for (let j = 0; j < means.length; j++) {
        if (j === i) continue;
        const score = placements[i] === placements[j] ? 0.5 : placements[i] < placements[j] ? 1 : 0;
        sum += score - 1 / (1 + 10 ** ((means[j] - means[i]) / 400));
      }
      return Math.sign(sum) * Math.round(Math.abs((32 * sum) / (means.length - 1)));
    };
    async function teamSession(teams: TestPlayer[][], mode: string): Promise<string> {
      const body = { teams: teams.map((team) => team.map((p) => p.id)), mode };
      return (await t.http.post('/api/v1/sessions/create').set(server()).send(body).expect(201)).body.session_id as string;
    }
    const rated = (...ratings: number[]) => Promise.all(ratings.map((rating) => createPlayer(t, { rating })));

    it('a 2v2 result with placements moves all four ratings: teammates together, by the documented formula, applied once', async () => {
      const [a1, a2, b1, b2] = await rated(1300, 1100, 1250, 1250);
      const sessionId = await teamSession([[a1, a2], [b1, b2]], 'ranked_2v2');
      // Team means 1200 and 1250, the second team wins: round(32 × (0 − 0.42854)) = −14 for each loser, +14 for each winner.
      const lost = teamElo([1200, 1250], [2, 1], 0);
      const won = teamElo([1200, 1250], [2, 1], 1);
      expect([lost, won]).toEqual([-14, 14]);

      const res = await report(server(), { session_id: sessionId, placements: [2, 1] }).expect(200);
      expect(res.body).toEqual({
        session_id: sessionId,
        status: 'applied',
        rated: true,
        changes: [
          { player_id: a1.id, team: 0, old_rating: 1300, new_rating: 1300 + lost, change: lost },
          { player_id: a2.id, team: 0, old_rating: 1100, new_rating: 1100 + lost, change: lost },
          { player_id: b1.id, team: 1, old_rating: 1250, new_rating: 1250 + won, change: won },
          { player_id: b2.id, team: 1, old_rating: 1250, new_rating: 1250 + won, change: won },
        ],
      });
      expect(await rating(a2)).toMatchObject({ rating: 1086, games_played: 1, win_rate: 0, history: [expect.objectContaining({ session_id: sessionId, change: -14, opponent_id: b1.id, outcome: 0 })] });
      expect(await rating(b2)).toMatchObject({ rating: 1264, games_played: 1, win_rate: 1 });
      const board = (await t.http.get(`/api/v1/leaderboard/${b1.id}`).set(b1.auth).expect(200)).body;
      expect(board).toMatchObject({ player_id: b1.id, rating: 1264 });
      const session = (await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(server()).expect(200)).body;
      expect(session.status).toBe('completed');
      const applied = session.history.find((h: { event: string }) => h.event === 'result_applied');
      expect(applied.details).toMatchObject({ source: 'server', placements: [2, 1], outcome: { [a1.id]: 0, [a2.id]: 0, [b1.id]: 1, [b2.id]: 1 } });

      // The same result again (also from a player of the session) is replayed, not re-applied; a different one is 409.
      expect((await report(server(), { session_id: sessionId, placements: [2, 1] }).expect(200)).body).toEqual(res.body);
      expect((await report(a1.auth, { session_id: sessionId, placements: [2, 1] }).expect(200)).body).toEqual(res.body);
      expect((await report(server(), { session_id: sessionId, placements: [1, 2] }).expect(409)).body.message).toMatch(/already applied/);
      expect((await rating(a1)).history).toHaveLength(1);
      expect(t.logs.events('match_result_applied').filter((l) => l.session_id === sessionId)).toHaveLength(1);
      for (const p of [a1, a2, b1, b2]) expect((await status(p)).status).toBe('idle');

      // The profile's history shows the teammate and both opponents, for the rated game and for the session.
      const profile = (await t.http.get('/api/v1/auth/profile').set(a1.auth).expect(200)).body;
      const sides = { teammates: [{ player_id: a2.id, username: a2.username }], opponents: [b1, b2].map((p) => ({ player_id: p.id, username: p.username })) };
      expect(profile.rating_history).toEqual([{ timestamp: expect.any(String), rating: 1286, change: -14, session_id: sessionId, ...sides }]);
      expect(profile.recent_sessions[0]).toMatchObject({ session_id: sessionId, mode: 'ranked_2v2', status: 'completed', ...sides });
      const ofB2 = (await t.http.get('/api/v1/auth/profile').set(b2.auth).expect(200)).body;
      expect(ofB2.recent_sessions[0]).toMatchObject({ teammates: [{ player_id: b1.id, username: b1.username }], opponents: [a1, a2].map((p) => ({ player_id: p.id, username: p.username })) });
    });

    it('applies player reports once one player of every team agreed; a conflicting report disputes (409)', async () => {
      const [a1, a2, b1, b2] = await rated(1200, 1200, 1200, 1200);
      const sessionId = await teamSession([[a1, a2], [b1, b2]], 'ranked_2v2');
      const body = { session_id: sessionId, placements: [1, 2] };
      expect((await report(a1.auth, body).expect(200)).body).toEqual({ session_id: sessionId, status: 'pending', rated: true, changes: [] });
      // A teammate confirming is still one team: pending.
      expect((await report(a2.auth, body).expect(200)).body.status).toBe('pending');
      expect((await report(a1.auth, body).expect(200)).body.status).toBe('pending');
      const applied = await report(b2.auth, body).expect(200);
      expect(applied.body.status).toBe('applied');
      expect((applied.body.changes as Change[]).map((c) => c.change)).toEqual([16, 16, -16, -16]);
      expect(t.logs.events('match_result_applied').find((l) => l.session_id === sessionId)!.details.source).toBe('players');

      const [c1, c2, d1, d2] = await rated(1200, 1200, 1200, 1200);
      const disputedId = await teamSession([[c1, c2], [d1, d2]], 'ranked_2v2');
      await report(c1.auth, { session_id: disputedId, placements: [1, 2] }).expect(200);
      const conflict = await report(d1.auth, { session_id: disputedId, placements: [2, 1] }).expect(409);
      expect(conflict.body.message).toMatch(/disputed/);
      expect(t.logs.events('match_result_disputed').some((l) => l.session_id === disputedId)).toBe(true);
      await report(d2.auth, { session_id: disputedId, placements: [1, 2] }).expect(409);
      expect((await rating(c1)).games_played).toBe(0);
      const settled = await report(server(), { session_id: disputedId, placements: [2, 1] }).expect(200);
      expect((settled.body.changes as Change[]).map((c) => [c.player_id, c.team, c.change])).toEqual([
        [c1.id, 0, -16],
        [c2.id, 0, -16],
        [d1.id, 1, 16],
        [d2.id, 1, 16],
      ]);
    });

    it('rates ffa_4 by placements: pairwise against every other player, divided by three; all four players must agree', async () => {
      const ps = await rated(1400, 1300, 1200, 1100);
      const sessionId = await teamSession(ps.map((p) => [p]), 'ffa_4');
      const placements = [2, 1, 3, 4];
      const expected = ps.map((_, i) => teamElo([1400, 1300, 1200, 1100], placements, i));
      expect(expected).toEqual([-3, 13, -3, -8]);

      for (const p of ps.slice(0, 3)) expect((await report(p.auth, { session_id: sessionId, placements }).expect(200)).body.status).toBe('pending');
      const res = await report(ps[3].auth, { session_id: sessionId, placements }).expect(200);
      expect(res.body.changes).toEqual(ps.map((p, i) => ({ player_id: p.id, team: i, old_rating: 1400 - 100 * i, new_rating: 1400 - 100 * i + expected[i], change: expected[i] })));
      // Only first place counts as a win in the stats.
      expect(await rating(ps[1])).toMatchObject({ games_played: 1, win_rate: 1 });
      expect(await rating(ps[0])).toMatchObject({ games_played: 1, win_rate: 0 });

      const ties = await rated(1200, 1200, 1200, 1200);
      const tiedId = await teamSession(ties.map((p) => [p]), 'ffa_4');
      const tied = await report(server(), { session_id: tiedId, placements: [1, 2, 2, 4] }).expect(200);
      expect((tied.body.changes as Change[]).map((c) => c.change)).toEqual([16, 0, 0, -16]);
      const profile = (await t.http.get('/api/v1/auth/profile').set(ties[1].auth).expect(200)).body;
      expect(profile.rating_history[0]).toMatchObject({ session_id: tiedId, teammates: [], opponents: [ties[0], ties[2], ties[3]].map((p) => ({ player_id: p.id, username: p.username })) });
      // The same order of teams, numbered differently, is the same result.
      expect((await report(server(), { session_id: tiedId, placements: [1, 2, 2, 3] }).expect(200)).body).toEqual(tied.body);
    });

    it('applies a team result exactly once when 12 identical reports arrive at once, and a crash before the Redis refresh is finished by the retry', async () => {
      const [a1, a2, b1, b2] = await rated(1200, 1200, 1200, 1200);
      const sessionId = await teamSession([[a1, a2], [b1, b2]], 'ranked_2v2');
      // The process "dies" right after the first commit: none of the post-commit work happens.
      const crash = jest.spyOn(t.app.get(MatchResultsService), 'refreshCaches').mockResolvedValueOnce(false);
      const first = await report(server(), { session_id: sessionId, placements: [1, 2] }).expect(200);
      crash.mockRestore();
      expect(await t.app.get(PlayerStatsCache).read(b2.id)).toMatchObject({ current_rating: 1200, games_played: 0 });
      expect(await t.app.get(PlayerStateStore).get(b2.id)).toMatchObject({ state: 'in_session', sessionId });

      const responses = await Promise.all(Array.from({ length: 12 }, () => report(server(), { session_id: sessionId, placements: [1, 2] })));
      expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
      for (const res of responses) expect(res.body).toEqual(first.body);
      for (const [p, expected] of [[a1, 1216], [a2, 1216], [b1, 1184], [b2, 1184]] as const) {
        expect(await t.app.get(PlayerStatsCache).read(p.id)).toMatchObject({ current_rating: expected, games_played: 1 });
        expect((await rating(p)).history).toHaveLength(1);
        expect(await t.app.get(PlayerStateStore).get(p.id)).toEqual({ state: 'idle' });
      }
      expect(t.logs.events('match_result_applied').filter((l) => l.session_id === sessionId)).toHaveLength(1);
    });

    it('returns 400 for placements that do not fit the session, with a message naming the problem', async () => {
      const [a1, a2, b1, b2] = await rated(1200, 1200, 1200, 1200);
      const sessionId = await teamSession([[a1, a2], [b1, b2]], 'ranked_2v2');
      const bad = async (body: Record<string, unknown>, message: RegExp) => {
        const res = await report(server(), { session_id: sessionId, ...body }).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(message);
      };
      await bad({ placements: [1, 2, 3] }, /one entry per team: the session has 2 teams, got 3/);
      await bad({ placements: [1] }, /one entry per team/);
      await bad({ placements: [1, 3] }, /placements\[1\] must be a whole number from 1 to 2/);
      await bad({ placements: [0, 1] }, /at least 1/);
      await bad({ placements: [1, 1.5] }, /whole number/);
      await bad({ placements: '1,2' }, /placements must be an array/);
      await bad({ placements: [1, 2], player_id: a1.id, outcome: 1 }, /either placements, or player_id and outcome/);
      await bad({ player_id: a1.id, outcome: 1 }, /2-player.*placements/);
      // Nothing was recorded or rated.
      expect((await rating(a1)).games_played).toBe(0);
      expect((await report(a1.auth, { session_id: sessionId, placements: [1, 2] }).expect(200)).body.status).toBe('pending');
    });
  });
});
