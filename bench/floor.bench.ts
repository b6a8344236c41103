/**
 * How far the product's request path is from the floor of its own stack, measured side by side in one run.
 *
 * Starts a private redis-server, the MongoDB stand-in, the product (the built `dist/` entry point with a real
 * production config: LOG_LEVEL=info with every line serialized to /dev/null, matchmaker on) and a bare Fastify server
 * (bench/floor-server.ts: `{ok:true}` and an ioredis HGETALL of a real session's hot copy). Data is prepared through the
 * API (registrations, logins, sessions, results, queue joins); only the queue players' ratings are spread 1000 apart
 * in the Redis stats mirror so that no two of them can ever match (the join and status rows measure the queue path,
 * not session creation). Then, for several rounds, each product route and its floor route run back to back (order
 * alternating per round) and the medians are printed: req/s, p50, p99 (each connection's first answer left out, see
 * run), server CPU µs per request (from /proc/<pid>/stat), the redis-server's CPU µs per request, and the load
 * generator's own CPU share (autocannon shares the two cores). The ratios are the medians of each round's
 * product/floor ratio, with their range over the rounds. Each side's requests are built once (the product's reads
 * cycle through a list, one request per player or session), so the generator spends the same on a product request as
 * on a floor request.
 *
 * Mongo-bound work happens only while preparing data: every measured route is served from Redis.
 *
 * The join row is one join per idle player per run (--joiners, default 1000), four runs per measurement
 * (--join-passes); the joined players leave after each run, off the clock, so the server CPU per join is the join alone.
 * A run of 1000 joins lasts about a quarter of a second, and one run's CPU per join moved between 160 and 250 µs from
 * run to run on one machine: four runs (about 1 s of joins) stand beside the floor's 2 s run.
 *
 * Five rounds of 2 s rather than three of 3 s: the machine's other tenants slow whole seconds at a time (one health/live
 * round fell to 0.40 while the other two gave 0.66 and 0.89), and a median of five pairs leaves out two such rounds.
 *
 * Run: npm run bench:floor   (options: --rounds 5 --duration 2 --connections 50 --joiners 1000 --join-passes 4 --only live,state --cpu-prof <dir>: V8 profiles, and windows.json with each measured run's monotonic µs window and request count; --no-pin: leave the servers and the generator unpinned, see pinCpus)
 *
 * Two builds side by side: `--against <dist dir>` measures another build of the product (say, `dist/` copied before a
 * change and rebuilt after it) in the floor's place, route for route, against the same Redis and data: the ratios are
 * this build's over that one's. Both then run with the matchmaker off, since its lease would put every tick on one
 * side; the data preparation's calls alternate between them, and each build's joined players leave through it. Two
 * copies of one build measured so (5 rounds) gave state 1.01 [0.95–1.04], join 0.98 [0.94–1.13] and health/live 1.08
 * [0.79–1.38], with CPU per request within 3–4 % of each other: one run shows a change of about a tenth to join or
 * state; for health/live, whose generator takes most of a core, read the CPU per request rather than the req/s.
 */
import autocannon from 'autocannon';
import IORedis from 'ioredis';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freePort, startMongoStandIn, startRedisServer } from '@libs/dev-services';
import { keys } from '@libs/redis';
import { median } from '../apps/api/src/matchmaking/domain/wait-estimate';
import { percentile } from './percentile';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const ROUNDS = Number(arg('rounds', '5'));
const DURATION = Number(arg('duration', '2'));
const CONNECTIONS = Number(arg('connections', '50'));
const ONLY = arg('only', '').split(',').filter(Boolean);
/** Directory for V8 CPU profiles of the product and (in `floor/`) the floor server, written when they stop. */
const CPU_PROF_DIR = arg('cpu-prof', '');
/** Players that join in each join run (each once). */
const JOINERS = Number(arg('joiners', '1000'));
/** Join runs per measurement (each one join per idle player, the leaves between them off the clock). */
const JOIN_PASSES = Number(arg('join-passes', '4'));
/** Leave every process where the scheduler puts it (see pinCpus). */
const NO_PIN = process.argv.includes('--no-pin');
/** Another build's `dist/` directory, measured in the floor's place (see the header). */
const AGAINST = arg('against', '');
const SERVER_KEY = 'bench-server-key-0123456789abcdef';
const PASSWORD = 'bench-password-123';
const ROOT = join(__dirname, '..');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** The private redis-server both sides use (its CPU is taken over every run). Set once it has started. */
let redisPid = 0;

interface Player {
  id: string;
  auth: string;
}

/** A server the bench sends requests to: its address and its process (for its CPU). */
interface Site {
  base: string;
  pid: number;
}

/** CPU time (µs) a process has used so far, from /proc/<pid>/stat (utime + stime). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}

interface Run {
  result: autocannon.Result;
  /** Seconds of load, and the server's and the generator's CPU µs over them. */
  seconds: number;
  serverMicros: number;
  loadGenMicros: number;
  /** The redis-server's CPU µs over the same time (every target's Redis is the one private server). */
  redisMicros: number;
  /** Latency percentiles (ms) of every answer but each connection's first (see run). */
  p50: number;
  p99: number;
}

/**
 * One autocannon run, with the server's and the generator's CPU over it. A timed run is measured from its start to
 * its end. A run of a fixed amount (the joins) is measured by its answers: N answers take N − 1 intervals from the
 * first to the last, and the time and CPU over those intervals are scaled to N. Before the first answer autocannon is
 * still opening its connections (7–30 ms measured, a tenth of a 1000-join run; a 3 s floor run hides it) and spends
 * more CPU per request than in a steady run; after the last it idles until its next one-second sample tick while the
 * product runs its background jobs. Neither belongs to the requests measured.
 *
 * Latencies leave out each connection's first answer, on both sides alike. Autocannon writes a connection's first
 * request as soon as it calls connect and starts its clock then, so that answer also times the TCP handshake and the
 * server accepting 50 connections at once while it serves the ones already open: those 50 answers took up to 190 ms
 * in one join run whose other answers stayed under 45 ms, and up to 221 ms in a 3 s floor run whose p99 was 20 ms.
 * In a 1000-join run they are 5 % of the answers and set the p99 alone; in a 3 s floor run they are 0.3 %.
 */
function run(options: autocannon.Options, pid: number): Promise<Run> {
  const amount = options.amount;
  const marks: { at: bigint; server: number; redis: number; gen: NodeJS.CpuUsage }[] = [];
  const mark = () => marks.push({ at: process.hrtime.bigint(), server: cpuMicros(pid), redis: cpuMicros(redisPid), gen: process.cpuUsage() });
  const latencies: number[] = [];
  const answered = new WeakSet<object>();
  let answers = 0;
  return new Promise((resolve, reject) => {
    if (!amount) mark();
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      // A timed run ends here; so does a fixed amount some of whose requests got no answer.
      if (marks.length < 2) mark();
      const [from, to] = marks;
      const scale = amount ? amount / (amount - 1) : 1;
      resolve({
        result,
        seconds: amount ? (Number(to.at - from.at) / 1e9) * scale : Number(options.duration),
        serverMicros: (to.server - from.server) * scale,
        redisMicros: (to.redis - from.redis) * scale,
        loadGenMicros: (to.gen.user + to.gen.system - from.gen.user - from.gen.system) * scale,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
      });
    });
    instance.on('response', (client: object, _status: number, _bytes: number, latencyMs: number) => {
      answers++;
      if (amount && (answers === 1 || answers === amount)) mark();
      if (answered.has(client)) latencies.push(latencyMs);
      else answered.add(client);
    });
  });
}

/** One replica of a build of the product (its `dist/` directory) on a free port, ready; its log lines go to /dev/null. */
async function startReplica(dist: string, env: NodeJS.ProcessEnv, nodeFlags: string[], children: ChildProcess[]): Promise<Site> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, join(dist, 'apps/api/src/main.js')], {
    env: { ...env, PORT: String(port) },
    // Every log line is serialized and written, as in production; the bytes go to /dev/null.
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
  });
  children.push(child);
  const site = { base: `http://127.0.0.1:${port}`, pid: child.pid! };
  await waitFor(`${site.base}/health/ready`, child);
  return site;
}

/**
 * Pins the servers measured to CPU 0 and this process, the load generator, to CPU 1 (every thread of each), once the
 * data is prepared; redis-server and the MongoDB stand-in stay where the scheduler puts them. Left free, the server and
 * the generator, both busy, were moved between the two cores and woken onto each other's: one build's health/live
 * CPU per request moved between 41 and 97 µs within minutes. Pinned, two copies of one build measured 43.6 and 44.4 µs
 * over 8 rounds. Both sides of every ratio run pinned alike. Returns what was done, for the report.
 */
function pinCpus(serverPids: number[]): string {
  if (NO_PIN) return 'not pinned (--no-pin)';
  if (cpus().length < 2) return 'not pinned (one CPU)';
  try {
    for (const pid of serverPids) execFileSync('taskset', ['-a', '-p', '-c', '0', String(pid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  } catch (error) {
    return `not pinned (taskset failed: ${(error as Error).message.split('\n')[0]})`;
  }
  return 'servers on CPU 0, the load generator on CPU 1, redis-server and the MongoDB stand-in unpinned';
}

/** The bare Fastify server (bench/floor-server.ts) with its two routes, `{ok:true}` and an HGETALL of `hashKey`. */
async function startFloor(redisUrl: string, hashKey: string, children: ChildProcess[]): Promise<Record<'ok' | 'hgetall', Target>> {
  const port = await freePort();
  const floor = spawn(
    process.execPath,
    [
      ...(CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(CPU_PROF_DIR, 'floor')] : []),
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'floor-server.ts'),
      String(port),
      redisUrl,
      hashKey,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT },
  );
  children.push(floor);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ok`, floor);
  const hash = await call(base, 'GET', '/hgetall', {});
  if (Object.keys(hash).length === 0) throw new Error('the floor hash is empty');
  return {
    ok: { label: 'bare {ok:true}', pid: floor.pid!, options: () => ({ url: `${base}/ok` }) },
    hgetall: { label: 'bare HGETALL', pid: floor.pid!, options: () => ({ url: `${base}/hgetall` }) },
  };
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  redisPerRequest: number;
  loadGenShare: number;
  bad: number;
}

interface Target {
  label: string;
  pid: number;
  options: () => autocannon.Options;
  /** A fixed number of requests instead of a fixed duration (joins: one per idle player). */
  amount?: number;
  /** Work to finish off the clock after the run (e.g. the leaves that follow measured joins). */
  after?: () => Promise<void>;
  /** Sends each of the target's distinct requests once before the warm-up (caches filled as by earlier traffic). */
  prime?: () => Promise<void>;
}

/** One run's figures (seconds: the run's duration, or for a fixed amount, its answers' time; see run). */
interface Pass extends Omit<Run, 'result'> {
  requests: number;
  bad: number;
}

/**
 * With --cpu-prof: the monotonic-clock window (µs, the clock V8 profiles are stamped with) of every measured run, by
 * target label, written to <dir>/windows.json so a profile can be cut to one route's samples.
 */
const profileWindows: { label: string; from: number; to: number; requests: number }[] = [];
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function pass(target: Target, duration: number): Promise<Pass> {
  const from = monotonicMicros();
  const { result: r, ...figures } = await run(
    {
      ...target.options(),
      connections: CONNECTIONS,
      ...(target.amount ? { amount: target.amount } : { duration }),
    },
    target.pid,
  );
  if (CPU_PROF_DIR) profileWindows.push({ label: target.label, from, to: monotonicMicros(), requests: r.requests.total });
  await target.after?.();
  return { ...figures, requests: r.requests.total, bad: r.non2xx + r.errors + r.timeouts };
}

/**
 * One measurement: a timed run, or for a fixed-amount target (joins) JOIN_PASSES runs of that amount with its `after`
 * work between them, off the clock; requests, seconds and CPU are summed over the passes, latencies are their medians.
 */
async function measure(target: Target, duration: number): Promise<Measure> {
  const passes: Pass[] = [];
  for (let i = 0; i < (target.amount ? JOIN_PASSES : 1); i++) passes.push(await pass(target, duration));
  const sum = (f: (p: Pass) => number) => passes.reduce((s, p) => s + f(p), 0);
  const requests = sum((p) => p.requests);
  const seconds = sum((p) => p.seconds);
  return {
    rps: requests / seconds,
    p50: median(passes.map((p) => p.p50)),
    p99: median(passes.map((p) => p.p99)),
    cpuPerRequest: sum((p) => p.serverMicros) / Math.max(1, requests),
    redisPerRequest: sum((p) => p.redisMicros) / Math.max(1, requests),
    loadGenShare: sum((p) => p.loadGenMicros) / (seconds * 1e6),
    bad: sum((p) => p.bad),
  };
}

async function main(): Promise<void> {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const [redis, mongo] = await Promise.all([startRedisServer(), startMongoStandIn('gsm_floor_bench')]);
  redisPid = redis.process.child.pid!;
  const children: ChildProcess[] = [];
  const direct = new IORedis(redis.url);
  try {
    const productEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      MONGODB_URI: mongo.uri,
      JWT_SECRET: 'bench-secret-that-is-at-least-32-characters-long-xyz',
      GAME_SERVER_KEY: SERVER_KEY,
      LOG_LEVEL: 'info',
      // Compared builds both run without it: its lease would put every tick on one side.
      MATCHMAKER_ENABLED: AGAINST ? 'false' : 'true',
      LOGIN_MAX_FAILURES: '1000',
      // Every bench player registers from this one address.
      REGISTER_MAX_PER_CLIENT: '1000000',
      // The young generation the image and the manifests run with (Dockerfile, k8s/base/app/configmap.yaml).
      NODE_OPTIONS: '--max-semi-space-size=32',
    };
    const mine = await startReplica(join(ROOT, 'dist'), productEnv, CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : [], children);
    const base = mine.base;
    // The other build, if any: a second replica on the same Redis and MongoDB (its own metrics port), resolving its
    // packages from this checkout's node_modules wherever its directory is.
    const other = AGAINST ? await startReplica(AGAINST, { ...productEnv, METRICS_PORT: '0', NODE_PATH: join(ROOT, 'node_modules') }, [], children) : null;

    const prepared = Date.now();
    process.stdout.write('Preparing data through the API... ');
    // Against another build, the preparation's calls alternate between the two replicas, so both have served the same
    // mix of routes before they are measured.
    let prepCalls = 0;
    const prepAt = () => (other && prepCalls++ % 2 === 1 ? other.base : base);
    let serial = 0;
    const tag = `${process.pid.toString(36)}`;
    const newPlayer = async (): Promise<Player> => {
      const username = `fb_${tag}_${serial++}`;
      const { player_id: id } = await call(prepAt(), 'POST', '/api/v1/auth/register', {}, { username, password: PASSWORD });
      const { access_token: token } = await call(prepAt(), 'POST', '/api/v1/auth/login', {}, { username, password: PASSWORD });
      return { id, auth: `Bearer ${token}` };
    };
    const server = { 'x-server-key': SERVER_KEY };

    // Players with a history (profile, rating, leaderboard): 20 players, 3 rounds of 10 results each (the 10 games of
    // a round have 20 different players, so they run at once).
    const veterans = await inBatches(20, 4, () => newPlayer());
    for (let round = 0; round < 3; round++) {
      await inBatches(10, 10, async (i) => {
        const a = veterans[i];
        const b = veterans[10 + ((i + round) % 10)];
        const session = await call(prepAt(), 'POST', '/api/v1/sessions/create', server, { player_ids: [a.id, b.id], mode: 'ranked_1v1' });
        await call(prepAt(), 'POST', '/api/v1/matches/result', server, { session_id: session.session_id, player_id: a.id, outcome: (i + round) % 3 === 0 ? 0.5 : 1 });
      });
    }
    // Running sessions (state reads): 20 sessions of two players, with a game state of a realistic size.
    const sessionPlayers = await inBatches(40, 4, () => newPlayer());
    const sessions = await inBatches(20, 10, async (i) => {
      const state = { map: 'dust', round: 3, scores: { red: 2, blue: 1 }, objectives: ['a', 'b', 'c'], seed: 91823 + i };
      const session = await call(prepAt(), 'POST', '/api/v1/sessions/create', server, {
        player_ids: [sessionPlayers[2 * i].id, sessionPlayers[2 * i + 1].id],
        mode: 'ranked_1v1',
        state,
      });
      await call(prepAt(), 'PUT', `/api/v1/sessions/${session.session_id}/update`, server, { status: 'active', state: { ...state, round: 4 } });
      return { id: session.session_id as string, auth: sessionPlayers[2 * i + (i % 2)].auth };
    });
    // Queue players: 100 stay queued (status), JOINERS join once per measured run and leave after it, off the clock.
    // Ratings 1000 apart: no two can match.
    const queued = await inBatches(100, 16, () => newPlayer());
    const joiners = await inBatches(JOINERS, 16, () => newPlayer());
    await Promise.all(
      [...queued, ...joiners].map((p, i) =>
        direct.hset(keys.playerStats(p.id), { current_rating: String(1000 + 1000 * i), games_played: '0', wins: '0', losses: '0', draws: '0', win_rate: '0' }),
      ),
    );
    await inBatches(queued.length, 10, (i) => call(prepAt(), 'POST', '/api/v1/queue/join', { authorization: queued[i].auth }, {}));
    console.log(`done (${((Date.now() - prepared) / 1000).toFixed(0)} s)`);

    // The bare floor, unless another build takes its place (each route is then measured against itself there).
    const floorRoutes = other ? null : await startFloor(redis.url, keys.session(sessions[0].id), children);
    const pinning = pinCpus([mine.pid, other?.pid ?? floorRoutes!.ok.pid]);
    // The product's reads rotate over their players or sessions as a fixed list of requests that autocannon builds
    // once, as it does the floor's one request. A setupRequest rebuilt every request in the load generator, which
    // shares the cores: 61–73 µs of generator CPU per product request against 26–38 per floor request in one run,
    // 36–41 against 22–29 built once (the rest is the product's longer responses, its headers).
    const get = (label: string, items: { path: string; auth?: string }[], at: Site): Target => ({
      label,
      pid: at.pid,
      options: () => ({
        url: at.base,
        requests: items.map(({ path, auth }) => ({ method: 'GET', path, ...(auth ? { headers: { authorization: auth } } : {}) })),
      }),
      // Each connection walks the list from its start, so a short warm-up would reach only its first entries.
      prime: async () => {
        for (const { path, auth } of items) await call(at.base, 'GET', path, auth ? { authorization: auth } : {});
      },
    });

    // Join: each measured run is one join per idle player (a real join into a queue that grows by JOINERS tickets);
    // after the run, every joined player leaves, off the clock, so the next run starts from the same queue.
    let idle = [...joiners];
    /** What the measured joins were answered, by status (and message for errors). */
    const joinAnswers = new Map<string, number>();
    type JoinContext = { player?: Player };
    const joins = (at: Site): Target => ({
      label: 'POST /api/v1/queue/join',
      pid: at.pid,
      options: () => ({
        url: at.base,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/queue/join',
            setupRequest: (req, context) => {
              const player = idle.shift() ?? joiners[Math.floor(Math.random() * joiners.length)];
              (context as JoinContext).player = player;
              return { ...req, headers: { ...req.headers, authorization: player.auth, 'content-type': 'application/json' }, body: '{}' };
            },
            onResponse: (status, body, context) => {
              const key = status < 300 ? String(status) : `${status} ${String(JSON.parse(body || '{}').message ?? '').slice(0, 60)}`;
              joinAnswers.set(key, (joinAnswers.get(key) ?? 0) + 1);
            },
          },
        ],
      }),
      amount: joiners.length,
      after: async () => {
        await inBatches(joiners.length, 25, (i) => fetch(`${at.base}/api/v1/queue/leave`, { method: 'DELETE', headers: { authorization: joiners[i].auth } }));
        idle = [...joiners];
      },
    });

    const routes: { key: string; route: string; target: number; at: (site: Site) => Target; floor: 'ok' | 'hgetall' }[] = [
      { key: 'live', route: 'GET /health/live', target: 0.5, at: (site) => get('live', [{ path: '/health/live' }], site), floor: 'ok' },
      {
        key: 'state',
        route: 'GET /api/v1/sessions/{id}/state',
        target: 0.5,
        at: (site) => get('state', sessions.map((s) => ({ path: `/api/v1/sessions/${s.id}/state`, auth: s.auth })), site),
        floor: 'hgetall',
      },
      { key: 'status', route: 'GET /api/v1/queue/status', target: 0.4, at: (site) => get('status', queued.map((p) => ({ path: '/api/v1/queue/status', auth: p.auth })), site), floor: 'hgetall' },
      { key: 'profile', route: 'GET /api/v1/auth/profile', target: 0.4, at: (site) => get('profile', veterans.map((p) => ({ path: '/api/v1/auth/profile', auth: p.auth })), site), floor: 'hgetall' },
      { key: 'leaderboard', route: 'GET /api/v1/leaderboard', target: 0.4, at: (site) => get('leaderboard', veterans.map((p) => ({ path: '/api/v1/leaderboard', auth: p.auth })), site), floor: 'hgetall' },
      {
        key: 'rating',
        route: 'GET /api/v1/players/{id}/rating',
        target: 0.4,
        at: (site) => get('rating', veterans.map((p) => ({ path: `/api/v1/players/${p.id}/rating`, auth: p.auth })), site),
        floor: 'hgetall',
      },
      { key: 'join', route: 'POST /api/v1/queue/join', target: 0.25, at: joins, floor: 'hgetall' },
    ];
    // Against another build, each route's floor is the same route on that build.
    const pairs = routes
      .map(({ at, floor, ...route }) => ({ ...route, product: at(mine), floor: floorRoutes ? floorRoutes[floor] : { ...at(other!), label: 'other build' } }))
      .filter((p) => ONLY.length === 0 || ONLY.includes(p.key));

    // Warm-up (JIT, connection pools, caches filled by first reads), off the record; each floor route once.
    const warmed = new Set<Target>();
    for (const pair of pairs) {
      await pair.product.prime?.();
      await measure(pair.product, 1);
      if (!warmed.has(pair.floor)) await measure(pair.floor, 1);
      warmed.add(pair.floor);
    }
    const results = pairs.map(() => ({ product: [] as Measure[], floor: [] as Measure[] }));
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`round ${round + 1}/${ROUNDS}... `);
      for (const [i, pair] of pairs.entries()) {
        const order = round % 2 === 0 ? (['floor', 'product'] as const) : (['product', 'floor'] as const);
        for (const side of order) results[i][side].push(await measure(pair[side], DURATION));
      }
    }
    console.log('done');

    const med = (ms: Measure[], f: (m: Measure) => number) => median(ms.map(f));
    const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    // Against another build, its columns take the floor's, and the ratios are changes, not targets.
    const head = (
      other
        ? ['route (vs the other build)', 'req/s this', 'req/s other', 'ratio [rounds]', 'p50 ms this/other', 'p99 ms this/other', 'CPU µs/req this/other', 'Redis CPU µs/req this/other', 'loadgen CPU this/other', 'bad']
        : ['route (vs floor route)', 'req/s product', 'req/s floor', 'ratio [rounds] (target)', 'p50 ms prod/floor', 'p99 ms prod/floor (≤3×)', 'CPU µs/req prod/floor', 'Redis CPU µs/req prod/floor', 'loadgen CPU prod/floor', 'bad']
    );
    const rows = pairs.map((pair, i) => {
      const p = results[i].product;
      const f = results[i].floor;
      // Ratios are taken within each round, product beside the floor run next to it, then the median over the rounds:
      // the machine's speed drifts between rounds (the floor moved between 13k and 25k req/s on one afternoon), and a
      // ratio of the two medians would pair runs minutes apart.
      const perRound = p.map((m, r) => m.rps / f[r].rps);
      const ratio = median(perRound);
      const p99Ratio = median(p.map((m, r) => m.p99 / Math.max(1, f[r].p99)));
      return [
        `${pair.route} (${pair.floor.label})`,
        fmt(med(p, (m) => m.rps)),
        fmt(med(f, (m) => m.rps)),
        `${ratio.toFixed(2)} [${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}]${other ? '' : ` (≥${pair.target}) ${ratio >= pair.target ? 'ok' : 'MISS'}`}`,
        `${fmt(med(p, (m) => m.p50), 1)} / ${fmt(med(f, (m) => m.p50), 1)}`,
        `${fmt(med(p, (m) => m.p99), 1)} / ${fmt(med(f, (m) => m.p99), 1)} (${p99Ratio.toFixed(1)}×)`,
        `${fmt(med(p, (m) => m.cpuPerRequest))} / ${fmt(med(f, (m) => m.cpuPerRequest))}`,
        `${fmt(med(p, (m) => m.redisPerRequest))} / ${fmt(med(f, (m) => m.redisPerRequest))}`,
        `${fmt(100 * med(p, (m) => m.loadGenShare))}% / ${fmt(100 * med(f, (m) => m.loadGenShare))}%`,
        String(p.reduce((s, m) => s + m.bad, 0) + f.reduce((s, m) => s + m.bad, 0)),
      ];
    });
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    if (other) console.log(`\nThis build (dist/) against ${AGAINST}, both with the matchmaker off.`);
    console.log(`\n${ROUNDS} rounds × ${DURATION} s per target, ${CONNECTIONS} connections, medians (ratios: of each round's product/floor pair); load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`CPUs: ${pinning}`);
    console.log(`(join: each measurement is ${JOIN_PASSES} runs of ${JOINERS} joins, one per idle player; the players leave after each run, off the clock)\n`);
    console.log(`| ${head.map((h, c) => h.padEnd(widths[c])).join(' | ')} |`);
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(`| ${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`);
    if (joinAnswers.size > 0) console.log(`\njoin answers (all rounds): ${[...joinAnswers].map(([k, n]) => `${n} × ${k}`).join('; ')}`);
    if (CPU_PROF_DIR) {
      mkdirSync(CPU_PROF_DIR, { recursive: true });
      writeFileSync(join(CPU_PROF_DIR, 'windows.json'), JSON.stringify(profileWindows, null, 1));
    }
  } finally {
    direct.disconnect();
    await Promise.all(children.map(stop));
    await Promise.all([redis.process.stop(), mongo.process.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
