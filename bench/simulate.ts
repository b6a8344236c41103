/**
 * Bot swarm against a RUNNING service (loopback only): each bot registers, logs in, and for a few rounds joins the
 * queue, waits for its match (polling the status), plays a short game and reports the result. Outcomes follow a hidden
 * skill per bot (Elo expectation), so ratings drift apart as rounds go by; both players of a session report the same
 * outcome. Prints matches, median/p95 wait and the mean rating gap.
 *
 * Run: npm run simulate -- --players 500 [--url http://127.0.0.1:3000] [--rounds 3] [--concurrency 64]
 *      [--max-wait 60] [--time-limit 180]
 *
 * Only failed logins are throttled (LOGIN_MAX_FAILURES per username, LOGIN_MAX_FAILURES_PER_CLIENT per address), so
 * correct logins from one address need no special settings; bots log in three at a time.
 */
import { createHash, randomBytes } from 'node:crypto';

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

interface Bot {
  index: number;
  username: string;
  password: string;
  id: string;
  token: string;
  /** Hidden strength that decides outcomes; the service never sees it. */
  skill: number;
}

interface Opponent {
  player_id: string;
  username: string;
  rating: number;
}

const stats = {
  requests: 0,
  errors: new Map<string, number>(),
  waitsMs: [] as number[],
  sessions: new Map<string, { gap: number | null }>(),
  resultsApplied: 0,
  timedOut: 0,
  abandoned: 0,
  sampleError: '' as string,
};

const deadline = Date.now() + TIME_LIMIT_MS;
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

async function request(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any; sentAt: number }> {
  const pool = path.startsWith('/api/v1/matches/') ? pools.results : pools.main;
  await pool.acquire();
  const sentAt = Date.now();
  stats.requests++;
  const route = `${method} ${path.replace(/[a-f0-9]{24}/g, ':id')}`;
  const count = (what: string) => stats.errors.set(`${route} ${what}`, (stats.errors.get(`${route} ${what}`) ?? 0) + 1);
  try {
    const res = await fetch(`${BASE}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status >= 400) count(String(res.status));
    return { status: res.status, body: text ? JSON.parse(text) : null, sentAt };
  } catch (error) {
    count((error as Error).name === 'TimeoutError' ? 'timeout' : 'network error');
    return { status: 0, body: null, sentAt };
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
      const res = await request('POST', '/api/v1/auth/login', null, { username, password });
      if (res.status === 200) return res.body.access_token as string;
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
  const registered = await request('POST', '/api/v1/auth/register', null, { username, password });
  if (registered.status !== 201) return null;
  const token = await login(username, password);
  if (!token) return null;
  return { index, username, password, id: registered.body.player_id, token, skill: 1500 + 300 * gaussian() };
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
async function awaitMatch(bot: Bot, joined: { status: string; session_id: string | null; opponent: Opponent | null }): Promise<{ sessionId: string; opponent: Opponent; seenAt: number } | null> {
  if (joined.status === 'matched') return { sessionId: joined.session_id!, opponent: joined.opponent!, seenAt: Date.now() };
  const giveUp = Math.min(Date.now() + MAX_WAIT_MS, deadline);
  while (Date.now() < giveUp) {
    await sleep(POLL_MS);
    const res = await request('GET', '/api/v1/queue/status', bot.token);
    // The poll was sent after the match happened: its send time bounds the wait without this client's own queueing.
    if (res.status === 200 && res.body.status === 'matched') return { sessionId: res.body.session_id, opponent: res.body.opponent, seenAt: res.sentAt };
    if (res.status === 200 && res.body.status === 'idle') return null;
  }
  const left = await request('DELETE', '/api/v1/queue/leave', bot.token);
  // 409: a match is being set up right now; one more look settles it.
  if (left.status === 409) {
    await sleep(POLL_MS);
    const res = await request('GET', '/api/v1/queue/status', bot.token);
    if (res.body?.status === 'matched') return { sessionId: res.body.session_id, opponent: res.body.opponent, seenAt: res.sentAt };
  }
  stats.timedOut++;
  return null;
}

async function play(bot: Bot, bots: Map<string, Bot>): Promise<void> {
  for (let round = 0; round < ROUNDS && Date.now() < deadline; round++) {
    const joined = await request('POST', '/api/v1/queue/join', bot.token, {});
    if (joined.status !== 200) return;
    // From sending the join to seeing the match (time spent queued in this client is not counted).
    const startedAt = joined.sentAt;
    const match = await awaitMatch(bot, joined.body);
    if (!match) return;
    stats.waitsMs.push(match.seenAt - startedAt);
    const opponent = bots.get(match.opponent.player_id);
    if (!opponent) return;

    if (!stats.sessions.has(match.sessionId)) stats.sessions.set(match.sessionId, { gap: null });
    if (bot.id < opponent.id) {
      // One of the two looks the session up for the ratings it was made with.
      const session = await request('GET', `/api/v1/sessions/${match.sessionId}/state`, bot.token);
      if (session.status === 200 && session.body.players.length === 2) {
        stats.sessions.get(match.sessionId)!.gap = Math.abs(session.body.players[0].rating - session.body.players[1].rating);
      }
    }
    await sleep(50 + Math.random() * 150);
    const result = await request('POST', '/api/v1/matches/result', bot.token, {
      session_id: match.sessionId,
      player_id: bot.id,
      outcome: outcomeFor(bot, opponent, match.sessionId),
    });
    if (result.status === 200 && result.body.status === 'applied') {
      stats.resultsApplied++;
      continue;
    }
    if (result.status === 200 && (await sessionEnds(bot))) continue;
    // The result could not be settled (rejected, or the opponent never reported): abandon the session so both bots
    // are free again.
    if (result.status >= 400 && !stats.sampleError) stats.sampleError = JSON.stringify(result.body);
    const removed = await request('DELETE', `/api/v1/sessions/${match.sessionId}`, bot.token);
    if (removed.status === 200) stats.abandoned++;
  }
}

/** After a pending report: waits (bounded) until the opponent's report completes the session and frees the bot. */
async function sessionEnds(bot: Bot): Promise<boolean> {
  const giveUp = Math.min(Date.now() + 15_000, deadline);
  while (Date.now() < giveUp) {
    await sleep(POLL_MS);
    const res = await request('GET', '/api/v1/queue/status', bot.token);
    if (res.status === 200 && res.body.status !== 'matched') return true;
  }
  return false;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const host = new URL(BASE).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--url must point at this machine (loopback), got ${host}`);
  if (!Number.isInteger(PLAYERS) || PLAYERS < 2 || PLAYERS > 5000) throw new Error('--players must be between 2 and 5000');
  const health = await fetch(`${BASE}/health/ready`).catch(() => null);
  if (!health || health.status !== 200) throw new Error(`no ready service at ${BASE} (start it with npm start)`);

  const started = Date.now();
  console.log(`Simulating ${PLAYERS} players × ${ROUNDS} rounds against ${BASE} ...`);
  const created = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => createBot(i)));
  const bots = created.filter((b): b is Bot => b !== null);
  console.log(`${bots.length} bots registered and logged in (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const byId = new Map(bots.map((b) => [b.id, b]));
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
    ['wait median (s)', (percentile(stats.waitsMs, 50) / 1000).toFixed(2)],
    ['wait p95 (s)', (percentile(stats.waitsMs, 95) / 1000).toFixed(2)],
    ['mean rating gap', gaps.length ? (gaps.reduce((a, b) => a + b, 0) / gaps.length).toFixed(1) : 'n/a'],
    ['gave up waiting', String(stats.timedOut)],
    ['play phase (s)', playSeconds.toFixed(1)],
    ['requests', String(stats.requests)],
  ];
  console.log('\nSummary');
  for (const [k, v] of summary) console.log(`  ${k.padEnd(20)} ${v}`);
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
