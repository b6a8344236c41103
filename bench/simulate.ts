/**
 * Bot swarm against a RUNNING service (loopback only): each bot registers, logs in, and for a few rounds joins the
 * queue, waits for its match (polling the status), plays a short game and reports the result. Outcomes follow a hidden
 * skill per bot (Elo expectation), so ratings drift apart as rounds go by; both players of a session report the same
 * outcome. Prints matches, median/p95 wait and the mean rating gap.
 *
 * Team modes: `--mode ranked_2v2` (or a comma list: bot groups are spread over the modes round-robin) and
 * `--party-rate 0.4` (the share of bots that queue in parties of two, in modes whose teams hold two or more; the leader
 * queues the party, every member waits for the match). Per mode it prints matches, wait p50/p95, the mean team
 * imbalance (highest − lowest team mean rating) and the mean rating spread inside a match (highest − lowest player
 * rating). A team game's placements follow the teams' mean hidden skills; one player per team reports them, so
 * the result applies once every team has reported (the session is deleted when it cannot be).
 *
 * New players all start at the same rating, so a team mode's imbalance and spread say little until ratings have
 * spread: `--warmup-rounds 10` first plays that many rounds of a 1v1 mode (`--warmup-mode`, default ranked_1v1) with
 * every bot, results reported, before parties form; the warm-up is summarised on its own (matches, and the bots'
 * rating range and standard deviation after it) and kept out of the main figures; it has its own --time-limit.
 * Modes with a ready-check (`accept_timeout_seconds`) are answered: every bot accepts its pending match.
 *
 * Run: npm run simulate -- --players 500 [--url http://127.0.0.1:3000] [--rounds 3] [--concurrency 64]
 *      [--max-wait 60] [--time-limit 180] [--mode ranked_1v1[,ranked_2v2,...]] [--party-rate 0]
 *      [--warmup-rounds 0] [--warmup-mode ranked_1v1]
 *
 * Only failed logins are throttled (LOGIN_MAX_FAILURES per username, LOGIN_MAX_FAILURES_PER_CLIENT per address), so
 * correct logins from one address need no special settings; bots log in three at a time.
 * Registrations are limited per address by REGISTER_MAX_PER_CLIENT (default 20 an hour): for big swarms against a
 * dev-mode server, start it with a higher REGISTER_MAX_PER_CLIENT.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createGameClient, GameClient, Schemas } from '@libs/client';
import { percentile } from './percentile';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const BASE = arg('url', 'http://127.0.0.1:3000').replace(/\/$/, '');
const PLAYERS = Number(arg('players', '100'));
const ROUNDS = Number(arg('rounds', '3'));
const CONCURRENCY = Number(arg('concurrency', '64'));
const MAX_WAIT_MS = Number(arg('max-wait', '60')) * 1000;
const TIME_LIMIT_MS = Number(arg('time-limit', '180')) * 1000;
const POLL_MS = 250;
const REQUEST_TIMEOUT_MS = 30_000;
const RUN = randomBytes(3).toString('hex');
const MODES = arg('mode', 'ranked_1v1').split(',').map((m) => m.trim()).filter(Boolean);
const PARTY_RATE = Number(arg('party-rate', '0'));
const WARMUP_ROUNDS = Number(arg('warmup-rounds', '0'));
const WARMUP_MODE = arg('warmup-mode', 'ranked_1v1');
/** Rounds each bot plays in the current phase (the warm-up, then --rounds). */
let phaseRounds = ROUNDS;

interface Bot {
  index: number;
  username: string;
  password: string;
  id: string;
  /** The typed client (libs/client) with this bot's access token. */
  api: GameClient;
  /** Hidden strength that decides outcomes; the service never sees it. */
  skill: number;
  mode: string;
  /** In a party: true for its leader (who queues it), false for the member; null for a solo bot. */
  partyLeader: boolean | null;
}

interface ModeStats {
  waitsMs: number[];
  sessions: Map<string, { imbalance: number | null; spread: number | null }>;
}
/** Modes with more than one player per team or more than two teams (from GET /api/v1/queue/modes). */
const teamModes = new Set<string>();
let perMode = new Map<string, ModeStats>(MODES.map((m) => [m, { waitsMs: [], sessions: new Map() }]));

type Opponent = Schemas['OpponentDto'];

const newStats = () => ({
  requests: 0,
  errors: new Map<string, number>(),
  waitsMs: [] as number[],
  sessions: new Map<string, { gap: number | null }>(),
  resultsApplied: 0,
  timedOut: 0,
  abandoned: 0,
  sampleError: '' as string,
});
let stats = newStats();

/** End of the current phase: the warm-up and the measured rounds each get --time-limit. */
let deadline = Date.now() + TIME_LIMIT_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounds requests in flight; results get a pool of their own so a slow result path cannot starve queue traffic. */
class Pool {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<void> {
    while (this.inFlight >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }
  release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
const pools = { main: new Pool(CONCURRENCY), results: new Pool(Math.max(1, Math.floor(CONCURRENCY / 4))) };

const anonymous = createGameClient({ baseUrl: BASE });

interface Answer<T, E> {
  status: number;
  data: T | undefined;
  error: E | undefined;
  sentAt: number;
}

/** One API call through the typed client, bounded by the pools, timed out, and counted by route and status. */
async function request<T, E>(
  route: string,
  send: (init: { signal: AbortSignal }) => Promise<{ data?: T; error?: E; response: Response }>,
): Promise<Answer<T, E>> {
  const pool = route.includes('/api/v1/matches/') ? pools.results : pools.main;
  await pool.acquire();
  const sentAt = Date.now();
  stats.requests++;
  const count = (what: string) => stats.errors.set(`${route} ${what}`, (stats.errors.get(`${route} ${what}`) ?? 0) + 1);
  try {
    const { data, error, response } = await send({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.status >= 400) count(String(response.status));
    return { status: response.status, data, error, sentAt };
  } catch (failure) {
    count((failure as Error).name === 'TimeoutError' ? 'timeout' : 'network error');
    return { status: 0, data: undefined, error: undefined, sentAt };
  } finally {
    pool.release();
  }
}

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

/**
 * Login throttling reserves a per-client attempt for every login in flight, so all bots (one client address) log in
 * a few at a time, and wait out a 429 when they still hit it.
 */
const LOGIN_CONCURRENCY = 3;
let loginsInFlight = 0;
const loginQueue: (() => void)[] = [];

async function login(username: string, password: string): Promise<string | null> {
  while (loginsInFlight >= LOGIN_CONCURRENCY) await new Promise<void>((resolve) => loginQueue.push(resolve));
  loginsInFlight++;
  try {
    for (let attempt = 0; attempt < 5 && Date.now() < deadline; attempt++) {
      const res = await request('POST /api/v1/auth/login', (init) => anonymous.POST('/api/v1/auth/login', { body: { username, password }, ...init }));
      if (res.data) return res.data.access_token;
      if (res.status !== 429) return null;
      await sleep(1000);
    }
    return null;
  } finally {
    loginsInFlight--;
    loginQueue.shift()?.();
  }
}

async function createBot(index: number): Promise<Bot | null> {
  const username = `sim_${RUN}_${index}`;
  const password = `sim-${randomBytes(6).toString('hex')}`;
  const registered = await request('POST /api/v1/auth/register', (init) => anonymous.POST('/api/v1/auth/register', { body: { username, password }, ...init }));
  if (!registered.data) return null;
  const token = await login(username, password);
  if (!token) return null;
  const api = createGameClient({ baseUrl: BASE, accessToken: token });
  return { index, username, password, id: registered.data.player_id, api, skill: 1500 + 300 * gaussian(), mode: MODES[0], partyLeader: null };
}

/** Both players derive the same outcome from the session id and their hidden skills. */
function outcomeFor(bot: Bot, opponent: Bot, sessionId: string): 0 | 0.5 | 1 {
  const [low, high] = bot.id < opponent.id ? [bot, opponent] : [opponent, bot];
  const u = createHash('sha256').update(sessionId).digest().readUInt32BE(0) / 2 ** 32;
  const lowExpected = 1 / (1 + 10 ** ((high.skill - low.skill) / 400));
  const lowScore = u < 0.05 ? 0.5 : u < 0.05 + 0.95 * lowExpected ? 1 : 0;
  return (bot === low ? lowScore : 1 - lowScore) as 0 | 0.5 | 1;
}

/** Waits for a match after joining; null when it did not come within MAX_WAIT_MS (the bot then leaves). */
async function awaitMatch(bot: Bot, joined: Schemas['JoinQueueResponseDto']): Promise<{ sessionId: string; opponent: Opponent; seenAt: number } | null> {
  if (joined.status === 'matched') return { sessionId: joined.session_id!, opponent: joined.opponent!, seenAt: Date.now() };
  const giveUp = Math.min(Date.now() + MAX_WAIT_MS, deadline);
  while (Date.now() < giveUp) {
    await sleep(POLL_MS);
    const res = await queueStatus(bot);
    await acceptIfPending(bot, res.data);
    // The poll was sent after the match happened: its send time bounds the wait without this client's own queueing.
    // opponent is null for the moment the session is being created: look again on the next poll.
    if (res.data?.status === 'matched' && res.data.opponent) return { sessionId: res.data.session_id!, opponent: res.data.opponent, seenAt: res.sentAt };
    if (res.data?.status === 'idle') return null;
  }
  const left = await request('DELETE /api/v1/queue/leave', (init) => bot.api.DELETE('/api/v1/queue/leave', init));
  // 409: a match is being set up right now; a few more looks settle it.
  for (let look = 0; left.status === 409 && look < 8; look++) {
    await sleep(POLL_MS);
    const res = await queueStatus(bot);
    if (res.data?.status === 'matched' && res.data.opponent) return { sessionId: res.data.session_id!, opponent: res.data.opponent, seenAt: res.sentAt };
    if (res.data?.status === 'idle') break;
  }
  stats.timedOut++;
  return null;
}

/**
 * Placements of a team game, the same for every bot that computes them: each team performs at its members' mean
 * hidden skill plus normal noise seeded by the session id and the team's index (sd 200√2 per team, so the difference
 * of two teams has sd 400: a little flatter than the Elo curve the 1v1 outcomes follow, whose sd is about 315), and
 * places by performance.
 */
function placementsFor(sessionId: string, teams: string[][], bots: Map<string, Bot>): number[] {
  const performance = teams.map((team, i) => {
    const skill = team.reduce((sum, id) => sum + (bots.get(id)?.skill ?? 1500), 0) / team.length;
    const hash = createHash('sha256').update(`${sessionId}:${i}`).digest();
    const [u1, u2] = [(hash.readUInt32BE(0) + 1) / (2 ** 32 + 1), hash.readUInt32BE(4) / 2 ** 32];
    return skill + 200 * Math.SQRT2 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  });
  return performance.map((p) => 1 + performance.filter((q) => q > p).length);
}

/**
 * A team-mode round: the party leader (or a solo bot) queues, every bot waits for its match. One player per team (the
 * lowest id) reports the game's placements; the result applies once every team has reported. The lowest id of the
 * session also records its balance, and abandons the session (deletes it) when no result could be applied.
 */
async function playTeams(bot: Bot, bots: Map<string, Bot>): Promise<void> {
  const mode = perMode.get(bot.mode)!;
  for (let round = 0; round < phaseRounds && Date.now() < deadline; round++) {
    let startedAt = Date.now();
    let joined: Schemas['JoinQueueResponseDto'] | null = null;
    if (bot.partyLeader !== false) {
      const res = await joinQueue(bot);
      if (!res.data) return;
      startedAt = res.sentAt;
      joined = res.data;
    } else {
      // A member waits for the leader's join to show in its own status.
      const until = Math.min(Date.now() + MAX_WAIT_MS, deadline);
      for (;;) {
        const res = await queueStatus(bot);
        if (res.data && res.data.status !== 'idle') break;
        if (Date.now() > until) return;
        await sleep(POLL_MS);
      }
    }
    const match = joined ? await awaitMatch(bot, joined) : await awaitStatusMatch(bot);
    if (!match) return;
    stats.waitsMs.push(match.seenAt - startedAt);
    mode.waitsMs.push(match.seenAt - startedAt);
    const session = await request('GET /api/v1/sessions/{id}/state', (init) =>
      bot.api.GET('/api/v1/sessions/{id}/state', { params: { path: { id: match.sessionId } }, ...init }),
    );
    if (!session.data) {
      await sessionEnds(bot);
      continue;
    }
    const { players, teams } = session.data;
    if (!stats.sessions.has(match.sessionId)) stats.sessions.set(match.sessionId, { gap: null });
    const first = players.map((p) => p.player_id).sort()[0] === bot.id;
    if (first) {
      const rating = new Map(players.map((p) => [p.player_id, p.rating]));
      const means = teams.map((team) => team.reduce((s, id) => s + (rating.get(id) ?? 0), 0) / team.length);
      const ratings = players.map((p) => p.rating);
      mode.sessions.set(match.sessionId, { imbalance: Math.max(...means) - Math.min(...means), spread: Math.max(...ratings) - Math.min(...ratings) });
    }
    await sleep(50 + Math.random() * 150);
    let ended = false;
    if (teams.some((team) => [...team].sort()[0] === bot.id)) {
      const result = await request('POST /api/v1/matches/result', (init) =>
        bot.api.POST('/api/v1/matches/result', { body: { session_id: match.sessionId, placements: placementsFor(match.sessionId, teams, bots) }, ...init }),
      );
      if (result.data?.status === 'applied') {
        stats.resultsApplied++;
        ended = true;
      } else if (result.error && !stats.sampleError) stats.sampleError = JSON.stringify(result.error);
    }
    if (ended || (await sessionEnds(bot))) continue;
    if (first) {
      // No result could be applied (a report lost or rejected): abandon the session so every bot is free again.
      const removed = await request('DELETE /api/v1/sessions/{id}', (init) =>
        bot.api.DELETE('/api/v1/sessions/{id}', { params: { path: { id: match.sessionId } }, ...init }),
      );
      if (removed.status === 200) stats.abandoned++;
    } else await sessionEnds(bot);
  }
}

/** A party member's wait: polls its status until the party's ticket is matched. */
async function awaitStatusMatch(bot: Bot): Promise<{ sessionId: string; seenAt: number } | null> {
  const giveUp = Math.min(Date.now() + MAX_WAIT_MS, deadline);
  while (Date.now() < giveUp) {
    await sleep(POLL_MS);
    const res = await queueStatus(bot);
    await acceptIfPending(bot, res.data);
    if (res.data?.status === 'matched') return { sessionId: res.data.session_id!, seenAt: res.sentAt };
    if (res.data?.status === 'idle') return null;
  }
  stats.timedOut++;
  return null;
}

async function play(bot: Bot, bots: Map<string, Bot>): Promise<void> {
  if (teamModes.has(bot.mode)) return playTeams(bot, bots);
  for (let round = 0; round < phaseRounds && Date.now() < deadline; round++) {
    const joined = await joinQueue(bot);
    if (!joined.data) return;
    // From sending the join to seeing the match (time spent queued in this client is not counted).
    const startedAt = joined.sentAt;
    const match = await awaitMatch(bot, joined.data);
    if (!match) return;
    stats.waitsMs.push(match.seenAt - startedAt);
    perMode.get(bot.mode)!.waitsMs.push(match.seenAt - startedAt);
    const opponent = bots.get(match.opponent.player_id);
    if (!opponent) return;

    if (!stats.sessions.has(match.sessionId)) stats.sessions.set(match.sessionId, { gap: null });
    if (bot.id < opponent.id) {
      // One of the two looks the session up for the ratings it was made with.
      const session = await request('GET /api/v1/sessions/{id}/state', (init) =>
        bot.api.GET('/api/v1/sessions/{id}/state', { params: { path: { id: match.sessionId } }, ...init }),
      );
      const players = session.data?.players;
      if (players?.length === 2) {
        const gap = Math.abs(players[0].rating - players[1].rating);
        stats.sessions.get(match.sessionId)!.gap = gap;
        perMode.get(bot.mode)!.sessions.set(match.sessionId, { imbalance: gap, spread: gap });
      }
    }
    await sleep(50 + Math.random() * 150);
    const result = await request('POST /api/v1/matches/result', (init) =>
      bot.api.POST('/api/v1/matches/result', {
        body: { session_id: match.sessionId, player_id: bot.id, outcome: outcomeFor(bot, opponent, match.sessionId) },
        ...init,
      }),
    );
    if (result.data?.status === 'applied') {
      stats.resultsApplied++;
      continue;
    }
    if (result.data && (await sessionEnds(bot))) continue;
    // The result could not be settled (rejected, or the opponent never reported): abandon the session so both bots
    // are free again.
    if (result.error && !stats.sampleError) stats.sampleError = JSON.stringify(result.error);
    const removed = await request('DELETE /api/v1/sessions/{id}', (init) =>
      bot.api.DELETE('/api/v1/sessions/{id}', { params: { path: { id: match.sessionId } }, ...init }),
    );
    if (removed.status === 200) stats.abandoned++;
  }
}

/** After a pending report: waits (bounded) until the opponent's report completes the session and frees the bot. */
async function sessionEnds(bot: Bot): Promise<boolean> {
  const giveUp = Math.min(Date.now() + 15_000, deadline);
  while (Date.now() < giveUp) {
    await sleep(POLL_MS);
    const res = await queueStatus(bot);
    if (res.data && res.data.status !== 'matched') return true;
  }
  return false;
}

/**
 * Joins the bot's mode. A 409 means the bot is still in its last session (a teammate or opponent has not ended it
 * yet, or its result is still being applied): wait until the status says so no more, then try once again.
 */
async function joinQueue(bot: Bot) {
  const join = () => request('POST /api/v1/queue/join', (init) => bot.api.POST('/api/v1/queue/join', { body: { mode: bot.mode }, ...init }));
  const first = await join();
  if (first.status !== 409) return first;
  const until = Math.min(Date.now() + MAX_WAIT_MS, deadline);
  while (Date.now() < until) {
    await sleep(POLL_MS);
    const res = await queueStatus(bot);
    if (res.data?.status === 'idle') return join();
  }
  return first;
}

/** Accepts the bot's match when its mode runs a ready-check and the bot has not answered yet. */
async function acceptIfPending(bot: Bot, status: Schemas['QueueStatusDto'] | undefined): Promise<void> {
  const pending = status?.pending_match;
  if (!pending || pending.accepted) return;
  await request('POST /api/v1/matches/{match_id}/accept', (init) =>
    bot.api.POST('/api/v1/matches/{match_id}/accept', { params: { path: { match_id: pending.match_id } }, ...init }),
  );
}

/**
 * Every bot plays WARMUP_ROUNDS 1v1 rounds with results, so that ratings spread by hidden skill before the team modes
 * are measured; its figures are printed here and kept out of the main summary.
 */
async function warmUp(bots: Bot[], byId: Map<string, Bot>, known: Map<string, Schemas['QueueModeDto']>): Promise<void> {
  const shape = known.get(WARMUP_MODE);
  if (!shape || shape.teams !== 2 || shape.team_size !== 1) throw new Error(`--warmup-mode must be a 1v1 mode the service offers, got ${WARMUP_MODE}`);
  const [mainStats, mainPerMode] = [stats, perMode];
  stats = newStats();
  perMode = new Map([[WARMUP_MODE, { waitsMs: [], sessions: new Map() }]]);
  phaseRounds = WARMUP_ROUNDS;
  const started = Date.now();
  for (const bot of bots) bot.mode = WARMUP_MODE;
  await Promise.all(bots.map((bot) => play(bot, byId)));
  const ratings = (
    await Promise.all(bots.map((bot) => request('GET /api/v1/players/{id}/rating', (init) => bot.api.GET('/api/v1/players/{id}/rating', { params: { path: { id: bot.id } }, ...init }))))
  ).flatMap((res) => (res.data ? [res.data.rating] : []));
  const mean = ratings.reduce((a, b) => a + b, 0) / Math.max(1, ratings.length);
  const sd = Math.sqrt(ratings.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, ratings.length));
  deadline = Date.now() + TIME_LIMIT_MS;
  console.log(
    `Warm-up: ${WARMUP_ROUNDS} rounds of ${WARMUP_MODE}, ${stats.sessions.size} matches, ${stats.resultsApplied} results applied in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `bot ratings ${Math.min(...ratings)}..${Math.max(...ratings)}, standard deviation ${sd.toFixed(1)}`,
  );
  mainStats.requests += stats.requests;
  [stats, perMode] = [mainStats, mainPerMode];
  phaseRounds = ROUNDS;
}

function queueStatus(bot: Bot) {
  return request('GET /api/v1/queue/status', (init) => bot.api.GET('/api/v1/queue/status', init));
}

async function main(): Promise<void> {
  const host = new URL(BASE).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--url must point at this machine (loopback), got ${host}`);
  if (!Number.isInteger(PLAYERS) || PLAYERS < 2 || PLAYERS > 5000) throw new Error('--players must be between 2 and 5000');
  const health = await anonymous.GET('/health/ready').catch(() => null);
  if (!health?.data) throw new Error(`no ready service at ${BASE} (start it with npm start)`);

  const started = Date.now();
  console.log(`Simulating ${PLAYERS} players × ${ROUNDS} rounds against ${BASE} ...`);
  const created = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => createBot(i)));
  const bots = created.filter((b): b is Bot => b !== null);
  console.log(`${bots.length} bots registered and logged in (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const byId = new Map(bots.map((b) => [b.id, b]));
  const offered = bots.length > 0 ? await request('GET /api/v1/queue/modes', (init) => bots[0].api.GET('/api/v1/queue/modes', init)) : null;
  const known = new Map((offered?.data?.modes ?? []).map((m) => [m.name, m]));
  for (const mode of MODES) {
    const shape = known.get(mode);
    if (!shape) throw new Error(`unknown mode ${mode}; the service offers ${[...known.keys()].join(', ')}`);
    if (shape.teams !== 2 || shape.team_size !== 1) teamModes.add(mode);
  }
  if (WARMUP_ROUNDS > 0) await warmUp(bots, byId, known);
  // Modes go round-robin over groups; a group is a party of two (until PARTY_RATE of the bots are in one) or a solo bot.
  let partied = 0;
  for (let i = 0, group = 0; i < bots.length; group++) {
    const mode = MODES[group % MODES.length];
    if (teamModes.has(mode) && known.get(mode)!.team_size >= 2 && i + 1 < bots.length && partied < PARTY_RATE * bots.length) {
      const [leader, member] = [bots[i], bots[i + 1]];
      const party = await request('POST /api/v1/parties', (init) => leader.api.POST('/api/v1/parties', init));
      const joined = party.data
        ? await request('POST /api/v1/parties/{party_id}/join', (init) =>
            member.api.POST('/api/v1/parties/{party_id}/join', { params: { path: { party_id: party.data!.party_id } }, body: { invite_code: party.data!.invite_code }, ...init }),
          )
        : null;
      if (joined?.data) {
        Object.assign(leader, { mode, partyLeader: true });
        Object.assign(member, { mode, partyLeader: false });
        partied += 2;
        i += 2;
        continue;
      }
    }
    bots[i].mode = mode;
    i++;
  }
  if (partied > 0) console.log(`${partied} bots in parties of two`);
  const playStarted = Date.now();
  // Bots stop starting new steps at the time limit; whatever is still in flight then is not waited for.
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<'cut'>((resolve) => (timer = setTimeout(() => resolve('cut'), Math.max(0, deadline - Date.now()) + 5_000)));
  const ended = await Promise.race([Promise.all(bots.map((bot) => play(bot, byId))).then(() => 'done' as const), cutOff]);
  clearTimeout(timer);
  const playSeconds = (Date.now() - playStarted) / 1000;
  if (ended === 'cut') console.log('time limit reached: summarising what finished');

  const gaps = [...stats.sessions.values()].map((s) => s.gap).filter((g): g is number => g !== null);
  const summary: [string, string][] = [
    ['bots', String(bots.length)],
    ['matches (sessions)', String(stats.sessions.size)],
    ['results applied', String(stats.resultsApplied)],
    ['sessions abandoned', String(stats.abandoned)],
    ['wait median (s)', (percentile(stats.waitsMs, 0.5) / 1000).toFixed(2)],
    ['wait p95 (s)', (percentile(stats.waitsMs, 0.95) / 1000).toFixed(2)],
    ['mean rating gap', gaps.length ? (gaps.reduce((a, b) => a + b, 0) / gaps.length).toFixed(1) : 'n/a'],
    ['gave up waiting', String(stats.timedOut)],
    ['play phase (s)', playSeconds.toFixed(1)],
    ['requests', String(stats.requests)],
  ];
  console.log('\nSummary');
  for (const [k, v] of summary) console.log(`  ${k.padEnd(20)} ${v}`);
  console.log('\nPer mode (imbalance: highest − lowest team mean rating; spread: highest − lowest player rating in a match)');
  console.log(`  ${'mode'.padEnd(14)} ${'matches'.padStart(8)} ${'wait p50 s'.padStart(11)} ${'wait p95 s'.padStart(11)} ${'imbalance'.padStart(10)} ${'spread'.padStart(8)}`);
  for (const [mode, m] of perMode) {
    const sessions = [...m.sessions.values()];
    const mean = (values: (number | null)[]) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length ? (known.reduce((a, b) => a + b, 0) / known.length).toFixed(1) : 'n/a';
    };
    const p = (q: number) => (m.waitsMs.length ? (percentile(m.waitsMs, q / 100) / 1000).toFixed(2) : 'n/a');
    console.log(
      `  ${mode.padEnd(14)} ${String(m.sessions.size).padStart(8)} ${p(50).padStart(11)} ${p(95).padStart(11)} ${mean(sessions.map((s) => s.imbalance)).padStart(10)} ${mean(sessions.map((s) => s.spread)).padStart(8)}`,
    );
  }
  if (stats.errors.size > 0) {
    console.log('Non-2xx responses');
    for (const [k, v] of stats.errors) console.log(`  ${k.padEnd(40)} ${v}`);
    if (stats.sampleError) console.log(`  e.g. ${stats.sampleError}`);
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
