import { MatchQueue } from '../apps/api/src/matchmaking/match-queue';
import { Backends, startBackends } from './harness/backends';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer, TestPlayer } from './support/players';
import { SseClient, SseEvent } from './support/sse';

interface PartyBody {
  party_id: string;
  invite_code: string;
}

/** Team size 5: parties of two and three fit. */
const MODE = 'ranked_5v5';
/** Each test queues in its own rating band, far beyond the largest window from every other band. */
let nextBand = 0;
const band = () => 40_000 + 2_000 * nextBand++;

/** Party events on the player streams, with two replicas: members' streams are spread over both. */
describe('GET /api/v1/events: party.updated and queue.left (party_changed)', () => {
  let backends: Backends;
  let a: TestApp;
  let b: TestApp;
  let urls: string[];
  const clients: SseClient[] = [];

  const stream = async (p: TestPlayer) => {
    const client = await SseClient.open(`${urls[clients.length % 2]}/api/v1/events`, p.auth);
    expect(client.status).toBe(200);
    clients.push(client);
    return client;
  };
  const createParty = async (leader: TestPlayer): Promise<PartyBody> => (await a.http.post('/api/v1/parties').set(leader.auth).expect(201)).body;
  const joinParty = (p: TestPlayer, party: PartyBody) => b.http.post(`/api/v1/parties/${party.party_id}/join`).set(p.auth).send({ invite_code: party.invite_code });
  const removeMember = (actor: TestPlayer, party: PartyBody, member: TestPlayer) => a.http.delete(`/api/v1/parties/${party.party_id}/members/${member.id}`).set(actor.auth);
  const partyEvents = (s: SseClient) => s.events.filter((e) => e.event === 'party.updated');
  /** Waits for the `n`-th party.updated on a stream. */
  const nthPartyEvent = async (s: SseClient, n: number): Promise<SseEvent> => (await s.waitForCount(n, 'party.updated'))[n - 1];
  const status = async (p: TestPlayer) => (await a.http.get('/api/v1/queue/status').set(p.auth).expect(200)).body;
  /** A queued party of `size` (every member holding a stream) and its ticket. */
  const queuedParty = async (rating: number, size: number) => {
    const players = await Promise.all(Array.from({ length: size }, () => createPlayer(a, { rating })));
    const streams = await Promise.all(players.map(stream));
    const party = await createParty(players[0]);
    for (const p of players.slice(1)) await joinParty(p, party).expect(200);
    await a.http.post('/api/v1/queue/join').set(players[0].auth).send({ mode: MODE }).expect(200);
    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'queue.joined')));
    return { party, players, streams };
  };
  /** Every stream gets exactly one queue.left, with reason party_changed, and every player is idle. */
  const expectPartyChanged = async (players: TestPlayer[], streams: SseClient[]) => {
    for (const s of streams) expect((await s.waitFor((e) => e.event === 'queue.left')).data).toMatchObject({ mode: MODE, reason: 'party_changed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const s of streams) expect(s.events.filter((e) => e.event === 'queue.left')).toHaveLength(1);
    for (const p of players) expect((await status(p)).status).toBe('idle');
  };

  beforeAll(async () => {
    backends = await startBackends();
    [a, b] = await Promise.all([startTestApp({ backends }), startTestApp({ backends })]);
    await Promise.all([a.app.listen(0, '127.0.0.1'), b.app.listen(0, '127.0.0.1')]);
    urls = await Promise.all([a.app.getUrl(), b.app.getUrl()]);
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all([a?.close(), b?.close()]);
    await backends?.stop();
  });

  it('sends party.updated to every member on create, join, kick, leave and disband, and member: false to who left', async () => {
    const [leader, m1, m2] = await Promise.all([createPlayer(a), createPlayer(a), createPlayer(a)]);
    const [sL, s1, s2] = await Promise.all([leader, m1, m2].map(stream));
    const party = await createParty(leader);
    expect((await nthPartyEvent(sL, 1)).data).toEqual({
      party_id: party.party_id,
      member_ids: [leader.id],
      leader_id: leader.id,
      reason: 'party_created',
      trace_id: expect.any(String),
    });

    await joinParty(m1, party).expect(200);
    await joinParty(m2, party).expect(200);
    const joined = { party_id: party.party_id, member_ids: [leader.id, m1.id, m2.id], leader_id: leader.id, reason: 'member_joined' };
    expect((await nthPartyEvent(sL, 3)).data).toMatchObject(joined);
    expect((await nthPartyEvent(s1, 2)).data).toMatchObject(joined);
    expect((await nthPartyEvent(s2, 1)).data).toMatchObject(joined);

    // The leader removes m2: both who stay hear of it, and so does m2 (no longer a member).
    await removeMember(leader, party, m2).expect(204);
    const removed = { member_ids: [leader.id, m1.id], leader_id: leader.id, reason: 'member_removed' };
    expect((await nthPartyEvent(sL, 4)).data).toMatchObject(removed);
    expect((await nthPartyEvent(s1, 3)).data).toMatchObject(removed);
    expect((await nthPartyEvent(s2, 2)).data).toMatchObject({ ...removed, member: false });

    // The leader leaves: m1 leads.
    await removeMember(leader, party, leader).expect(204);
    expect((await nthPartyEvent(s1, 4)).data).toMatchObject({ member_ids: [m1.id], leader_id: m1.id, reason: 'member_left' });
    expect((await nthPartyEvent(sL, 5)).data).toMatchObject({ member_ids: [m1.id], leader_id: m1.id, reason: 'member_left', member: false });

    // The last member leaving disbands it.
    await removeMember(m1, party, m1).expect(204);
    expect((await nthPartyEvent(s1, 5)).data).toMatchObject({ party_id: party.party_id, member_ids: [], leader_id: null, reason: 'party_disbanded', member: false });

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([partyEvents(sL).length, partyEvents(s1).length, partyEvents(s2).length]).toEqual([5, 5, 2]);
    expect(partyEvents(s2).every((e) => e.data.party_id === party.party_id)).toBe(true);
  });

  it('a member leaving a queued party: every member gets queue.left (party_changed) once, and the ticket is gone', async () => {
    const { party, players, streams } = await queuedParty(band(), 3);
    await removeMember(players[2], party, players[2]).expect(204);
    await expectPartyChanged(players, streams);
    expect(await a.app.get(MatchQueue).ticket(MODE, party.party_id)).toBeNull();
  });

  it('the leader leaving a queued party: every member gets queue.left (party_changed) once', async () => {
    const { party, players, streams } = await queuedParty(band(), 2);
    await removeMember(players[0], party, players[0]).expect(204);
    await expectPartyChanged(players, streams);
  });

  it('the leader removing a member of a queued party: every member, the removed one too, gets queue.left (party_changed) once', async () => {
    const { party, players, streams } = await queuedParty(band(), 2);
    await removeMember(players[0], party, players[1]).expect(204);
    await expectPartyChanged(players, streams);
    expect((await streams[1].waitFor((e) => e.event === 'party.updated' && e.data.member === false)).data.reason).toBe('member_removed');
  });

  it('a player joining a queued party: its members get queue.left (party_changed); the newcomer, not queued, gets none', async () => {
    const r = band();
    const { party, players, streams } = await queuedParty(r, 2);
    const newcomer = await createPlayer(a, { rating: r });
    const sNew = await stream(newcomer);
    await joinParty(newcomer, party).expect(200);
    await expectPartyChanged(players, streams);
    await sNew.waitFor((e) => e.event === 'party.updated');
    expect(sNew.events.map((e) => e.event)).toEqual(['party.updated']);
    expect((await status(newcomer)).status).toBe('idle');
  });

  it('a solo-queued player joining a queued party: both tickets are gone and everyone, the newcomer too, is told once', async () => {
    const r = band();
    const { party, players, streams } = await queuedParty(r, 2);
    const newcomer = await createPlayer(a, { rating: r });
    const sNew = await stream(newcomer);
    await a.http.post('/api/v1/queue/join').set(newcomer.auth).send({ mode: MODE }).expect(200);
    await sNew.waitFor((e) => e.event === 'queue.joined');
    await joinParty(newcomer, party).expect(200);
    await expectPartyChanged([...players, newcomer], [...streams, sNew]);
    const queue = a.app.get(MatchQueue);
    expect(await queue.ticket(MODE, party.party_id)).toBeNull();
    expect(await queue.ticket(MODE, newcomer.id)).toBeNull();
  });
});
