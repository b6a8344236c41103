/**
 * Match quality against the offline optimum. Replays a seeded arrival trace — players with preset ratings
 * (normal(1500, 300)) joining at Poisson times — against the real app through its HTTP API, records every match and
 * wait, and compares the matches with the best any matchmaker could have made for the same players:
 *
 * - "opt P s": every player willing to wait P seconds (`--patience`, default 5), two players pairable when their spans
 *   [join, join + P] overlap; the most pairs, then the least total gap (exact, blossom).
 * - "opt same spans": the same, over the players the matchmaker matched and the spans they really spent in the queue
 *   ([join, matched]): how close the matchmaker came for the waits it chose.
 * The optimum pairs as many players as it can (counted in brackets when some are left); a player the matchmaker
 * left unmatched is not in its gap figures.
 *
 * Also checks the pairing guarantee from outside: "stranded" counts pairs of players who were both waiting, inside
 * each other's windows and eligible under the mode's policy, when a matchmaker tick started, and yet neither was
 * matched by it. Match times are the claims' times (join time plus the wait in the app's `match_found` log line) and
 * tick times come from its `matchmaker_tick` lines; the app thread reports both to the benchmark.
 *
 * The app runs in a worker thread with a private redis-server and the MongoDB stand-in (session creation is not what
 * is measured; at these rates it is far from a bottleneck). The same trace is replayed for every mode at a rate, with
 * the same players: between replays their sessions are deleted and their ratings reset.
 *
 * First, in-process, the cost of the exact solver: one tick's pairing of k tickets that all form one component
 * (every pair eligible: the worst case for the blossom), for growing k — the figures behind EXACT_COMPONENT_LIMIT.
 *
 * Run: npm run bench:quality   (options: --players 400 --rates 2,8 --modes ranked_1v1,quality_1v1 --seed 1
 *                               --patience 5 --poll-ms 100 --grace 15; --cost-only for the solver table alone)
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startMongoStandIn, startRedisServer } from '@libs/dev-services';
import { EXACT_COMPONENT_LIMIT, pairTicketsExact } from '../apps/api/src/matchmaking/domain/exact-pairing';
import { MatchPolicy, windowFor } from '../apps/api/src/matchmaking/domain/match-window';
import { pairTickets, Ticket } from '../apps/api/src/matchmaking/domain/pairing';
import { offlineOptimum, TracePlayer } from '../apps/api/src/matchmaking/domain/offline-optimum';
import type { QualityWorkerData, QualityWorkerMatches, QualityWorkerPrepared, QualityWorkerReady, QualityWorkerRequest } from './quality-app.worker';
import { percentile } from './percentile';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const PLAYERS = Number(arg('players', '400'));
const RATES = arg('rates', '2,8').split(',').map(Number);
const MODES = arg('modes', 'ranked_1v1,quality_1v1').split(',');
const SEED = Number(arg('seed', '1'));
const PATIENCE_S = Number(arg('patience', '5'));
const POLL_MS = Number(arg('poll-ms', '100'));
const GRACE_MS = Number(arg('grace', '15')) * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random numbers (mulberry32), so a seed always gives the same trace. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  rating: number;
  /** Milliseconds after the start of the replay. */
  at: number;
}

/** Ratings ~ normal(1500, 300) (rounded, at least 0), exponential gaps between joins at `rate` per second. */
export function makeTrace(players: number, rate: number, seed: number): Arrival[] {
  const random = rng(seed * 1000 + rate);
  const out: Arrival[] = [];
  let at = 0;
  for (let i = 0; i < players; i++) {
    at += (-Math.log(1 - random()) / rate) * 1000;
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out.push({ rating: Math.max(0, Math.round(1500 + 300 * normal)), at });
  }
  return out;
}

interface Outcome {
  joinedAt: number;
  /** When the match was made (the claim of the pair, from the match_found log); null when never matched. */
  matchedAt: number | null;
  sessionId: string | null;
  /** Index of the opponent in the trace (their rating is the trace's: the queue rates players from that). */
  opponent: number | null;
  /** Queue status answers while waiting that said the ticket is held (for the truthfulness check). */
  heldSeen: boolean;
  /** estimated_wait_seconds of the join answer when it was `queued`. */
  estimate: number | null;
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function replay(
  ready: QualityWorkerReady,
  auth: string[],
  trace: Arrival[],
  mode: string,
  claims: () => Promise<QualityWorkerMatches>,
): Promise<{ outcomes: Outcome[]; end: number; ticks: number[] }> {
  const outcomes: Outcome[] = trace.map(() => ({ joinedAt: 0, matchedAt: null, sessionId: null, opponent: null, heldSeen: false, estimate: null }));
  const indexOf = new Map(ready.playerIds.map((id, i) => [id, i]));
  const start = Date.now();
  const lastArrival = start + trace[trace.length - 1].at;
  let stopPolling = Number.POSITIVE_INFINITY;
  const runs = trace.map(async (arrival, i) => {
    await sleep(Math.max(0, start + arrival.at - Date.now()));
    const headers = { authorization: auth[i] };
    const joined = await call(ready.base, 'POST', '/api/v1/queue/join', headers, { mode });
    if (joined.status !== 200) throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
    const outcome = outcomes[i];
    outcome.joinedAt = Date.parse(joined.body.joined_at);
    if (joined.body.status === 'matched') {
      outcome.matchedAt = Date.now();
      outcome.sessionId = joined.body.session_id;
      outcome.opponent = indexOf.get(joined.body.opponent.player_id) ?? null;
      return;
    }
    outcome.estimate = joined.body.estimated_wait_seconds;
    while (Date.now() < stopPolling) {
      await sleep(POLL_MS);
      const status = await call(ready.base, 'GET', '/api/v1/queue/status', headers);
      if (status.status !== 200) throw new Error(`status failed: ${status.status}`);
      // `matched` without an opponent: the session is still being created; the next poll has it.
      if (status.body.status === 'matched' && status.body.opponent) {
        outcome.matchedAt = Date.now();
        outcome.sessionId = status.body.session_id;
        outcome.opponent = indexOf.get(status.body.opponent.player_id) ?? null;
        return;
      }
      if (status.body.held === true) outcome.heldSeen = true;
    }
  });
  // Everyone has had the grace period after the last arrival (or is matched): stop polling, leave what is left.
  const finished = Promise.all(runs);
  await Promise.race([finished, sleep(Math.max(0, lastArrival + GRACE_MS - Date.now()))]);
  stopPolling = 0;
  await finished;
  const end = Date.now();
  await Promise.all(
    outcomes.map(async (o, i) => {
      if (o.matchedAt === null) {
        await call(ready.base, 'DELETE', '/api/v1/queue/leave', { authorization: auth[i] });
      }
    }),
  );
  // The session's creation time is when the match was made (polling only sees it later); then free everyone.
  const sessions = [...new Set(outcomes.flatMap((o) => (o.sessionId ? [o.sessionId] : [])))];
  const createdAt = new Map<string, number>();
  const server = { 'x-server-key': ready.serverKey };
  for (let k = 0; k < sessions.length; k += 20) {
    await Promise.all(
      sessions.slice(k, k + 20).map(async (id) => {
        const state = await call(ready.base, 'GET', `/api/v1/sessions/${id}/state`, server);
        if (state.status === 200) createdAt.set(id, Date.parse(state.body.created_at));
        await call(ready.base, 'DELETE', `/api/v1/sessions/${id}`, server);
      }),
    );
  }
  for (const o of outcomes) if (o.sessionId && createdAt.has(o.sessionId)) o.matchedAt = createdAt.get(o.sessionId)!;
  // Better still, the claim itself: a's join time plus a's wait from the match_found log line (the session is created
  // after the claim, so its creation time runs late when many sessions are settled in one tick).
  const { matches, ticks } = await claims();
  // A tick stamps its claims with the moment it started, and reads the queue a little later: a ticket that joined in
  // between can be paired by it, so a match is never earlier than either player's join.
  for (const o of outcomes) {
    const logged = o.sessionId ? matches[o.sessionId] : undefined;
    const a = logged ? indexOf.get(logged.playerA) : undefined;
    if (!logged || a === undefined || o.opponent === null) continue;
    o.matchedAt = Math.max(outcomes[a].joinedAt + logged.waitA * 1000, o.joinedAt, outcomes[o.opponent].joinedAt);
  }
  return { outcomes, end, ticks: ticks[mode] ?? [] };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const share = (flags: boolean[]) => (flags.length === 0 ? NaN : flags.filter(Boolean).length / flags.length);

/** Seconds of wait after which a window covers `gap` (Infinity when it never does). */
function secondsToCover(gap: number, policy: MatchPolicy): number {
  if (gap <= windowFor(0, policy)) return 0;
  if (gap > policy.maxWindow || policy.windowGrowthPerSecond <= 0) return Infinity;
  return (gap - policy.baseWindow) / policy.windowGrowthPerSecond;
}

/**
 * Pairs of players who were both open and eligible (both windows, the policy) when a matchmaker tick started, yet
 * neither was claimed by that tick: a maximal pairing never leaves such a pair. Windows and ripeness only grow while
 * a player waits, so a pair stays eligible from the first moment it is. Claim times are the ticks' own `now`, so a
 * pair made by the tick ends at its start; 10 ms of tolerance cover the log's rounding of waits (0.01 s).
 */
function strandedPairs(spans: TracePlayer[], policy: MatchPolicy, ticks: number[]): number {
  const sorted = [...ticks].sort((a, b) => a - b);
  /** Whether a tick started strictly inside (from, to). */
  const tickInside = (from: number, to: number): boolean => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo] < to;
  };
  let count = 0;
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i];
      const b = spans[j];
      const overlapStart = Math.max(a.from, b.from);
      const overlapEnd = Math.min(a.to, b.to);
      if (overlapEnd <= overlapStart) continue;
      const gap = Math.abs(a.rating - b.rating);
      const cover = secondsToCover(gap, policy) * 1000;
      if (!Number.isFinite(cover)) continue;
      const ripeAt = gap <= (policy.instantGap ?? 0) ? -Infinity : Math.min(a.from, b.from) + (policy.minWaitSeconds ?? 0) * 1000;
      const eligibleFrom = Math.max(overlapStart, a.from + cover, b.from + cover, ripeAt);
      if (tickInside(eligibleFrom + 10, overlapEnd - 10)) count++;
    }
  }
  return count;
}

interface Row {
  mode: string;
  rate: number;
  pairs: number;
  meanGap: number;
  p90Gap: number;
  waitP50: number;
  waitP95: number;
  unmatched: number;
  stranded: number;
  heldSeen: number;
  /** Of the players queued at join: the share matched within the wait estimated then, and the median estimate. */
  withinEstimate: number;
  medianEstimate: number;
  optPatience: number;
  optPatienceUnmatched: number;
  optSpans: number;
}

function summarize(mode: string, rate: number, trace: Arrival[], outcomes: Outcome[], policy: MatchPolicy, ticks: number[], end: number): Row {
  const bySession = new Map<string, number>();
  outcomes.forEach((o, i) => {
    if (o.sessionId && o.opponent !== null) bySession.set(o.sessionId, Math.abs(trace[i].rating - trace[o.opponent].rating));
  });
  const gaps = [...bySession.values()];
  const waits = outcomes.flatMap((o) => (o.matchedAt !== null ? [(o.matchedAt - o.joinedAt) / 1000] : []));
  const spans: TracePlayer[] = outcomes.map((o, i) => ({ rating: trace[i].rating, from: o.joinedAt, to: o.matchedAt ?? end }));
  const withPatience = offlineOptimum(outcomes.map((o, i) => ({ rating: trace[i].rating, from: o.joinedAt, to: o.joinedAt + PATIENCE_S * 1000 })));
  const sameSpans = offlineOptimum(spans.filter((_, i) => outcomes[i].matchedAt !== null));
  if (process.env.QUALITY_DEBUG) {
    outcomes.forEach((o, i) => {
      if (o.opponent === null || o.opponent < i) return;
      const x = spans[i];
      const y = spans[o.opponent];
      if (Math.max(x.from, y.from) > Math.min(x.to, y.to)) console.log('no overlap', i, o.opponent, x, y, outcomes[o.opponent].matchedAt);
    });
    console.log('opt same spans', sameSpans.pairs.length, sameSpans.totalGap, 'online', gaps.length, gaps.reduce((s, g) => s + g, 0));
  }
  return {
    mode,
    rate,
    pairs: gaps.length,
    meanGap: mean(gaps),
    p90Gap: percentile(gaps, 0.9),
    waitP50: percentile(waits, 0.5),
    waitP95: percentile(waits, 0.95),
    unmatched: outcomes.filter((o) => o.matchedAt === null).length,
    stranded: strandedPairs(spans, policy, ticks),
    heldSeen: outcomes.filter((o) => o.heldSeen).length,
    withinEstimate: share(outcomes.filter((o) => o.estimate !== null).map((o) => o.matchedAt !== null && o.matchedAt - o.joinedAt <= o.estimate! * 1000)),
    medianEstimate: percentile(outcomes.flatMap((o) => (o.estimate !== null ? [o.estimate] : [])), 0.5),
    optPatience: withPatience.totalGap / Math.max(1, withPatience.pairs.length),
    optPatienceUnmatched: withPatience.unmatched,
    optSpans: sameSpans.totalGap / Math.max(1, sameSpans.pairs.length),
  };
}

function printTable(rows: Row[]): void {
  const head = ['mode', 'joins/s', 'pairs', 'mean gap', 'p90 gap', 'wait p50 s', 'wait p95 s', 'unmatched', 'stranded', `opt ${PATIENCE_S} s`, 'ratio', 'opt same spans', 'ratio'];
  const cells = rows.map((r) => [
    r.mode,
    String(r.rate),
    String(r.pairs),
    r.meanGap.toFixed(1),
    r.p90Gap.toFixed(0),
    r.waitP50.toFixed(2),
    r.waitP95.toFixed(2),
    String(r.unmatched),
    String(r.stranded),
    r.optPatience.toFixed(1) + (r.optPatienceUnmatched > 0 ? ` (${r.optPatienceUnmatched})` : ''),
    (r.meanGap / r.optPatience).toFixed(2),
    r.optSpans.toFixed(1),
    (r.meanGap / r.optSpans).toFixed(2),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  console.log(`| ${head.map((h, c) => h.padEnd(widths[c])).join(' | ')} |`);
  console.log(`|${widths.map((w, c) => (c < 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of cells) console.log(`| ${row.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`);
}

/** Median time of the exact pairing (limits lifted) and of the greedy on one all-eligible component of k tickets. */
function solverCost(): void {
  const now = 1_700_000_000_000;
  const policy: MatchPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };
  const random = rng(SEED);
  const sizes = [50, 100, 150, 200, 250, 300, 400];
  const rows: string[][] = [];
  let largestUnder100 = 0;
  // Warm-up (JIT) on a mid-sized component.
  const warm = Array.from({ length: 200 }, (_, i): Ticket => ({ playerId: `w${i}`, rating: 1300 + 2 * i, joinedAt: now - 30_000 }));
  for (let r = 0; r < 3; r++) pairTicketsExact(warm, now, policy, { componentLimit: Infinity, edgeLimit: Infinity });
  for (const k of sizes) {
    // Ratings within 400 points, everyone waited 30 s (window 400): every pair is eligible.
    const tickets: Ticket[] = Array.from({ length: k }, (_, i) => ({
      playerId: String(i).padStart(8, '0'),
      rating: 1300 + Math.round(400 * random()),
      joinedAt: now - 30_000,
    }));
    // Min and median of 7 runs: on a shared machine the minimum is the solver, the median what a tick may see.
    const time = (fn: () => unknown) => {
      fn();
      const runs: number[] = [];
      for (let r = 0; r < 7; r++) {
        const started = performance.now();
        fn();
        runs.push(performance.now() - started);
      }
      runs.sort((a, b) => a - b);
      return { min: runs[0], median: runs[3] };
    };
    const exact = time(() => pairTicketsExact(tickets, now, policy, { componentLimit: Infinity, edgeLimit: Infinity }));
    const greedy = time(() => pairTickets(tickets, now, policy));
    if (exact.median <= 100) largestUnder100 = k;
    rows.push([String(k), String((k * (k - 1)) / 2), exact.min.toFixed(1), exact.median.toFixed(1), greedy.median.toFixed(2)]);
  }
  const head = ['tickets', 'eligible pairs', 'exact min ms', 'exact median ms', 'greedy median ms'];
  console.log(`\nExact pairing cost, one all-eligible component (7 runs; 1-min load ${loadavg()[0].toFixed(2)}):\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((h) => `${'-'.repeat(h.length + 1)}:`).join('|')}|`);
  for (const r of rows) console.log(`| ${r.map((v, c) => v.padStart(head[c].length)).join(' | ')} |`);
  console.log(`\nLargest measured size with a median within 100 ms: ${largestUnder100} (EXACT_COMPONENT_LIMIT is ${EXACT_COMPONENT_LIMIT})`);
}

async function main(): Promise<void> {
  solverCost();
  if (process.argv.includes('--cost-only')) return;
  const [redis, mongo] = await Promise.all([startRedisServer(), startMongoStandIn('gsm_quality_bench')]);
  const worker = new Worker(
    `require('ts-node').register({ transpileOnly: true }); require('tsconfig-paths/register'); require(${JSON.stringify(join(__dirname, 'quality-app.worker.ts'))});`,
    { eval: true, workerData: { redisUrl: redis.url, mongoUri: mongo.uri, players: PLAYERS, modes: MODES } satisfies QualityWorkerData },
  );
  const stopped = new Promise((resolve) => worker.once('exit', resolve));
  const request = <T>(message: QualityWorkerRequest): Promise<T> =>
    new Promise<T>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  try {
    process.stdout.write(`Starting the app and registering ${PLAYERS} players... `);
    const ready = await new Promise<QualityWorkerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`app worker exited with code ${code}`)));
    });
    console.log('done');
    const rows: Row[] = [];
    const loads: string[] = [];
    for (const rate of RATES) {
      const trace = makeTrace(PLAYERS, rate, SEED);
      for (const mode of MODES) {
        const { auth } = await request<QualityWorkerPrepared>({ type: 'prepare', ratings: trace.map((a) => a.rating) });
        process.stdout.write(`Replaying ${PLAYERS} joins at ${rate}/s in ${mode} (${Math.round(trace[trace.length - 1].at / 1000)} s)... `);
        const { outcomes, end, ticks } = await replay(ready, auth, trace, mode, () => request<QualityWorkerMatches>({ type: 'matches' }));
        const row = summarize(mode, rate, trace, outcomes, ready.policies[mode], ticks, end);
        rows.push(row);
        loads.push(loadavg()[0].toFixed(2));
        console.log(`mean gap ${row.meanGap.toFixed(1)}, wait p50 ${row.waitP50.toFixed(2)} s, load ${loads[loads.length - 1]}`);
      }
    }
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; 1-min load after each replay: ${loads.join(', ')}`);
    console.log(`${PLAYERS} players per replay, seed ${SEED}, status polled every ${POLL_MS} ms, matchmaker interval ${ready.tickMs} ms`);
    for (const mode of MODES) {
      const p = ready.policies[mode];
      console.log(`${mode}: window ${p.baseWindow} + ${p.windowGrowthPerSecond}/s up to ${p.maxWindow}, min_wait_seconds ${p.minWaitSeconds ?? 0}, instant_gap ${p.instantGap ?? 0}`);
    }
    console.log('');
    printTable(rows);
    console.log('\nTruthfulness of the queue answers (players queued at join):');
    for (const r of rows) {
      console.log(
        `${r.mode} @ ${r.rate}/s: matched within the wait estimated at join ${(100 * r.withinEstimate).toFixed(0)}% (median estimate ${r.medianEstimate} s); status said "held" to ${r.heldSeen} players`,
      );
    }
  } finally {
    worker.postMessage({ type: 'stop' } satisfies QualityWorkerRequest);
    await stopped;
    await Promise.all([redis.process.stop(), mongo.process.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
