import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, TestPlayer } from './support/players';

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
      await t.http.post('/api/v1/sessions/create').set(players[1].auth).send({ player_ids: [players[1].id, other.id] }).expect(201);
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
});
