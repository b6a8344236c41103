/**
 * Matchmaker benchmark: tick cost with 1k, 10k and 100k queued tickets.
 *
 * 1. Pure pairing (`pairTickets`) on in-memory tickets.
 * 2. A full Redis-backed tick (`MatchmakerService.tick`) against a private redis-server: snapshot read, pairing,
 *    atomic claims, and settling every pair. Two queues: `burst` (n fresh tickets, normal ratings — nearly everyone
 *    pairs in this one tick, the worst case for claims) and `steady` (a queue on-join matching has already drained:
 *    neighbours out of reach, one ticket in 20 pairable). Session creation is replaced by a no-op sink (MongoDB is not part of
 *    this measurement); settling still writes both players' match records and releases the claims in Redis.
 *
 * 3. Team modes (ranked_2v2, ranked_5v5 of the default modes file), where a share of the tickets are parties
 *    (`--party-rate`, default 0.3: that share of tickets is a party of 2): pure `formTeams` on a rating-ordered
 *    snapshot, then a full Redis-backed tick (the service's own Redis client options) on `burst` queues (everyone
 *    fresh, nearly all matched in this tick) and `steady` queues (what a tick finds in service: leftovers out of reach,
 *    about 5 % matchable), reporting each phase's time and the balance achieved (mean difference between the highest
 *    and lowest team mean rating per match). Every tick is checked off the clock: each player either still queued or
 *    seated in exactly one match.
 *
 * Run: npm run bench:matchmaker   (options: --sizes 1000,10000,100000 --runs 5 --only 1v1|teams --party-rate 0.3
 *                                  --balance-queues 300)
 */
import { DomainEvents } from '@libs/domain-events';
import 'reflect-metadata';
import IORedis from 'ioredis';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '@libs/config';
import { startRedisServer } from '@libs/dev-services';
import { createRedisClient } from '@libs/redis';
import { AppLogger } from '@libs/logging';
import { compareTickets, pairTickets, Ticket } from '../apps/api/src/matchmaking/domain/pairing';
import { balanceTeams, formTeams, MatchShape, seatsOf } from '../apps/api/src/matchmaking/domain/team-formation';
import { policyOf, waitedSeconds, windowFor, WindowPolicy } from '../apps/api/src/matchmaking/domain/match-window';
import { MatchmakerService } from '../apps/api/src/matchmaking/matchmaker.service';
import { MetricsService } from '../apps/api/src/metrics/metrics.service';
import { PlayerStateStore } from '../apps/api/src/players/player-state.store';
import { MatchQueue } from '../apps/api/src/matchmaking/match-queue';
import { MatchRecords } from '../apps/api/src/matchmaking/match-records';
import { MatchSession, MatchSessions, PlayerSessionCheck } from '../apps/api/src/matchmaking/match-sessions';
import { MatchSettler } from '../apps/api/src/matchmaking/match-settler';
import { QueueMetrics } from '../apps/api/src/matchmaking/queue.metrics';

const MODE = 'ranked_1v1';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Deterministic pseudo-random numbers, so runs are comparable. */
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

/** n tickets: ratings ~ normal(1500, 350) clipped to [0, 3000], joined up to 30 s ago. Ids look like ObjectIds. */
function makeTickets(n: number, now: number, seed = 42): Ticket[] {
  const random = rng(seed + n);
  const tickets: Ticket[] = [];
  for (let i = 0; i < n; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const rating = Math.max(0, Math.min(3000, Math.round(1500 + 350 * normal)));
    tickets.push({ playerId: (0x6650_0000_0000 + i).toString(16).padStart(24, '0'), rating, joinedAt: now - Math.floor(random() * 30_000) });
  }
  return tickets;
}

/**
 * n tickets of a queue in steady state: on-join matching has already paired everyone it could, so neighbours are
 * mostly out of each other's windows (150 apart, windows ≤ 120); one ticket in 20 has become pairable (50 apart).
 */
function makeSparseTickets(n: number, now: number): Ticket[] {
  return Array.from({ length: n }, (_, i) => ({
    playerId: (0x6660_0000_0000 + i).toString(16).padStart(24, '0'),
    rating: i % 20 === 19 ? 150 * (i - 1) + 50 : 150 * i,
    joinedAt: now - (i % 1000),
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value: number, digits = 1) => value.toFixed(digits);

function table(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  console.log(`\n${title}`);
  console.log(`| ${head.map((h, c) => h.padEnd(widths[c])).join(' | ')} |`);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells.slice(1)) console.log(`| ${row.map((v, c) => v.padStart(widths[c])).join(' | ')} |`);
}

class NoOpSessions extends MatchSessions {
  private next = 0;
  async create(_mode: string, teams: string[][]): Promise<MatchSession> {
    this.next++;
    const playerIds = teams.flat();
    return {
      sessionId: this.next.toString(16).padStart(24, '0'),
      players: playerIds.map((playerId) => ({ playerId, username: `bot_${playerId.slice(-6)}`, rating: 0 })),
    };
  }
  async check(): Promise<PlayerSessionCheck> {
    return { status: 'none' };
  }
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
  const runs = Number(arg('runs', '5'));
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);

  const only = arg('only', 'all');
  if (only !== 'teams') await oneVersusOne(sizes, runs);
  if (only !== '1v1') await teamModes(sizes, runs, Number(arg('party-rate', '0.3')));
}

/** Tickets for a team mode, in rating order (as the queue's snapshot arrives): `partyRate` of them are parties of two. */
function makeTeamTickets(n: number, now: number, partyRate: number, seed = 42): Ticket[] {
  const random = rng(seed * 31 + n);
  return makeTickets(n, now, seed)
    .map((t) => (random() < partyRate ? { ...t, size: 2 } : t))
    .sort(compareTickets);
}

/**
 * A team-mode queue in steady state. Team modes match on the tick only, so what a tick finds is the leftovers of
 * earlier ticks — tickets with too few others in reach (here 150 apart, windows ≤ 120), a `partyRate` share of them
 * parties — plus what joined since: one cluster of `seats` seats close together per 20 × seats tickets (a party of two
 * when teams hold two or more, solos for the rest), so about 5 % of the tickets can be matched.
 */
function makeSteadyTeamTickets(n: number, now: number, partyRate: number, seats: number, teamSize: number): Ticket[] {
  const random = rng(n + seats);
  const tickets: Ticket[] = [];
  const block = 20 * seats;
  for (let i = 0; i < n; i++) {
    const playerId = (0x6670_0000_0000 + i).toString(16).padStart(24, '0');
    const inBlock = i % block;
    const base = 150 * (i - inBlock);
    if (inBlock < seats) {
      // The cluster: seats of fresh tickets within 40 points of each other (a party takes the first two seats).
      const rating = base + Math.floor(40 * random());
      if (teamSize >= 2 && inBlock === 0) tickets.push({ playerId, rating, joinedAt: now - (i % 500), size: 2 });
      else if (!(teamSize >= 2 && inBlock === 1)) tickets.push({ playerId, rating, joinedAt: now - (i % 500) });
      continue;
    }
    const ticket: Ticket = { playerId, rating: base + 150 * inBlock, joinedAt: now - (i % 1000) };
    tickets.push(random() < partyRate && teamSize >= 2 ? { ...ticket, size: 2 } : ticket);
  }
  return tickets;
}

interface Optimum {
  seated: number;
  /** Sums over the matches. */
  imbalance: number;
  spread: number;
  matches: number;
}

/**
 * The best any formation could do on a small queue, by exhaustive search: the most players seated, then the smallest
 * total imbalance, over every set of disjoint matches whose tickets are all inside each other's windows (each match
 * split by `balanceTeams`, which the unit specs prove exact against brute force at these sizes).
 */
function optimumOf(tickets: readonly Ticket[], now: number, shape: MatchShape, policy: WindowPolicy): Optimum {
  const n = tickets.length;
  const seats = shape.teams * shape.teamSize;
  const window = tickets.map((t) => windowFor(waitedSeconds(t.joinedAt, now), policy));
  const fits = (i: number, j: number) => Math.abs(tickets[i].rating - tickets[j].rating) <= Math.min(window[i], window[j]);
  // Every valid group (seats exact, windows mutual, parties packable), listed under its lowest ticket.
  const groups: { mask: number; imbalance: number; spread: number }[][] = Array.from({ length: n }, () => []);
  for (let mask = 1; mask < 1 << n; mask++) {
    const members: number[] = [];
    let used = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) (members.push(i), (used += seatsOf(tickets[i])));
    if (used !== seats || !members.every((i) => members.every((j) => i >= j || fits(i, j)))) continue;
    const split = balanceTeams(members.map((i) => tickets[i]), shape);
    const ratings = members.map((i) => tickets[i].rating);
    if (split) groups[members[0]].push({ mask, imbalance: split.imbalance, spread: Math.max(...ratings) - Math.min(...ratings) });
  }
  const memo = new Map<number, Optimum>();
  const best = (mask: number): Optimum => {
    if (mask === 0) return { seated: 0, imbalance: 0, spread: 0, matches: 0 };
    const known = memo.get(mask);
    if (known) return known;
    const low = 31 - Math.clz32(mask & -mask);
    let result = best(mask & ~(1 << low));
    for (const g of groups[low]) {
      if ((g.mask & mask) !== g.mask) continue;
      const rest = best(mask & ~g.mask);
      const candidate = { seated: rest.seated + seats, imbalance: rest.imbalance + g.imbalance, spread: rest.spread + g.spread, matches: rest.matches + 1 };
      if (candidate.seated > result.seated || (candidate.seated === result.seated && candidate.imbalance < result.imbalance - 1e-9)) result = candidate;
    }
    memo.set(mask, result);
    return result;
  };
  return best((1 << n) - 1);
}

/** formTeams against the exhaustive optimum on random small queues (solos and parties, mixed waits and ratings). */
function balanceAgainstOptimum(modes: { name: string; teams: number; team_size: number }[], policies: WindowPolicy[], partyRate: number, queues: number): (string | number)[][] {
  const rows: (string | number)[][] = [];
  modes.forEach((mode, m) => {
    const shape: MatchShape = { teams: mode.teams, teamSize: mode.team_size };
    const seats = shape.teams * shape.teamSize;
    const random = rng(1000 + m);
    const now = 10_000_000;
    let sameSeated = 0;
    let fewerSeated = 0;
    let compared = 0;
    let formedImbalance = 0;
    let optimumImbalance = 0;
    let formedSpread = 0;
    let optimumSpread = 0;
    let formedMatches = 0;
    let worstExcess = 0;
    for (let q = 0; q < queues; q++) {
      // Enough tickets for two or three matches; ratings over 500 points so that grouping choices matter.
      const n = Math.min(16, Math.floor(seats * (2 + random()) * (1 - partyRate / 2)));
      const tickets: Ticket[] = Array.from({ length: n }, (_, i) => ({
        playerId: `q${q}t${String(i).padStart(2, '0')}`,
        rating: 1000 + Math.floor(500 * random()),
        joinedAt: now - Math.floor(25_000 * random()),
        ...(shape.teamSize >= 2 && random() < partyRate ? { size: 2 } : {}),
      }));
      const formed = formTeams(tickets, now, shape, policies[m]);
      const optimum = optimumOf(tickets, now, shape, policies[m]);
      const formedSeated = formed.length * seats;
      if (formedSeated < optimum.seated) fewerSeated++;
      if (formedSeated !== optimum.seated || formed.length === 0) continue;
      sameSeated++;
      compared += formed.length;
      const sum = formed.reduce((s, x) => s + x.imbalance, 0);
      formedImbalance += sum;
      optimumImbalance += optimum.imbalance;
      formedSpread += formed.reduce((s, x) => s + x.spread, 0);
      optimumSpread += optimum.spread;
      formedMatches += formed.length;
      worstExcess = Math.max(worstExcess, (sum - optimum.imbalance) / formed.length);
    }
    rows.push([
      mode.name,
      queues,
      `${fmt((100 * fewerSeated) / queues, 1)} %`,
      sameSeated,
      fmt(formedImbalance / Math.max(1, compared), 2),
      fmt(optimumImbalance / Math.max(1, formedMatches), 2),
      fmt(worstExcess, 1),
      fmt(formedSpread / Math.max(1, compared), 1),
      fmt(optimumSpread / Math.max(1, formedMatches), 1),
    ]);
  });
  return rows;
}

async function teamModes(sizes: number[], runs: number, partyRate: number): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: 'redis://127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1/unused', JWT_SECRET: 'bench-secret-that-is-at-least-32-characters' });
  const modes = ['ranked_2v2', 'ranked_5v5'].map((name) => config.matchmaker.modes.find((m) => m.name === name)!);
  const now = Date.now();
  const pureRows: (string | number)[][] = [];
  for (const mode of modes) {
    const shape: MatchShape = { teams: mode.teams, teamSize: mode.team_size };
    for (let w = 0; w < 3; w++) formTeams(makeTeamTickets(10_000, now, partyRate, 7 + w), now, shape, policyOf(mode)); // warm-up
    for (const n of sizes) {
      const tickets = makeTeamTickets(n, now, partyRate);
      const times: number[] = [];
      let matches: ReturnType<typeof formTeams> = [];
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        matches = formTeams(tickets, now, shape, policyOf(mode));
        times.push(performance.now() - started);
      }
      const seated = matches.reduce((s, m) => s + m.teams.flat().reduce((k, t) => k + (t.size ?? 1), 0), 0);
      const players = tickets.reduce((s, t) => s + (t.size ?? 1), 0);
      pureRows.push([
        mode.name,
        n.toLocaleString('en'),
        fmt(median(times), 1),
        fmt(Math.max(...times), 1),
        matches.length.toLocaleString('en'),
        `${fmt((100 * seated) / players, 1)} %`,
        fmt(matches.reduce((s, m) => s + m.imbalance, 0) / Math.max(1, matches.length), 2),
        fmt(matches.reduce((s, m) => s + m.spread, 0) / Math.max(1, matches.length), 1),
      ]);
    }
  }
  table(
    `Pure team formation (formTeams on a rating-ordered snapshot; median and max of ${runs} runs; ${partyRate * 100} % of tickets are parties of 2)`,
    ['mode', 'tickets', 'ms', 'max ms', 'matches', 'players seated', 'mean imbalance', 'mean spread'],
    pureRows,
  );
  table(
    `Balance against the exhaustive optimum (random queues of 2-3 matches' worth of tickets, ratings 1000-1500, waits 0-25 s, ${partyRate * 100} % parties; imbalance per match, compared where formTeams seats as many players as the optimum)`,
    ['mode', 'queues', 'fewer seated than optimum', 'compared', 'formTeams mean imbalance', 'optimum mean imbalance', 'worst excess per match', 'formTeams mean spread', 'optimum mean spread'],
    balanceAgainstOptimum(modes, modes.map(policyOf), partyRate, Number(arg('balance-queues', '300'))),
  );

  const redisServer = await startRedisServer();
  const live = loadConfig({ NODE_ENV: 'test', REDIS_URL: redisServer.url, MONGODB_URI: 'mongodb://127.0.0.1:1/unused', JWT_SECRET: 'bench-secret-that-is-at-least-32-characters', MATCHMAKER_ENABLED: 'false' });
  // The service's own client (batched writes and all), so the tick talks to Redis as it does in production.
  const redis = createRedisClient(live) as IORedis;
  try {
    const logger = new AppLogger(pino({ level: 'silent' }));
    const queue = new MatchQueue(redis, live);
    queue.onModuleInit();
    const states = new PlayerStateStore(redis);
    states.onModuleInit();
    const metrics = new QueueMetrics(new MetricsService(), queue, live);
    const settler = new MatchSettler(queue, new NoOpSessions(), new MatchRecords(redis), states, metrics, new DomainEvents(logger), live, logger);
    const matchmaker = new MatchmakerService(queue, settler, states, metrics, live, logger);
    const scenarios: { name: string; make: (n: number, now: number, run: number, seats: number, teamSize: number) => Ticket[] }[] = [
      { name: 'burst', make: (n, now, run) => makeTeamTickets(n, now, partyRate, run + 1) },
      { name: 'steady', make: (n, now, _run, seats, teamSize) => makeSteadyTeamTickets(n, now, partyRate, seats, teamSize) },
    ];
    const rows: (string | number)[][] = [];
    for (const scenario of scenarios) {
      for (const mode of modes) {
        for (const n of sizes) {
          const samples: Awaited<ReturnType<MatchmakerService['tick']>>[] = [];
          for (let r = 0; r < Math.min(runs, n >= 100_000 ? 1 : n >= 10_000 ? 3 : runs); r++) {
            await redis.flushdb();
            const tickNow = Date.now();
            const tickets = scenario.make(n, tickNow, r, mode.teams * mode.team_size, mode.team_size);
            for (let start = 0; start < n; start += 5000) {
              await Promise.all(
                tickets
                  .slice(start, start + 5000)
                  .map((t) => queue.addToQueue(mode.name, t.playerId, t.rating, t.joinedAt, t.size ? [`${t.playerId}a`, `${t.playerId}b`] : [])),
              );
            }
            const report = await matchmaker.tick(mode.name, tickNow);
            samples.push(report);
            // Every player is either still queued or seated in exactly one settled match (checked off the clock).
            const open = new Set((await queue.openTickets(mode.name)).map((t) => t.playerId));
            const seated = tickets.filter((t) => !open.has(t.playerId)).reduce((s, t) => s + (t.size ?? 1), 0);
            if (report.matched !== report.pairs || seated !== report.matched * mode.teams * mode.team_size) {
              throw new Error(`${mode.name} ${scenario.name} ${n}: ${seated} players left the queue for ${report.matched} of ${report.pairs} matches`);
            }
          }
          const pick = (key: 'readMs' | 'pairingMs' | 'claimMs' | 'settleMs' | 'durationMs' | 'meanImbalance') => median(samples.map((s) => s[key]));
          rows.push([
            scenario.name,
            mode.name,
            n.toLocaleString('en'),
            fmt(pick('readMs')),
            fmt(pick('pairingMs')),
            fmt(pick('claimMs')),
            fmt(median(samples.map((s) => s.readMs + s.pairingMs + s.claimMs))),
            fmt(pick('settleMs')),
            fmt(pick('durationMs')),
            samples.length,
            samples[0].matched.toLocaleString('en'),
            fmt(pick('meanImbalance'), 2),
          ]);
        }
      }
    }
    table(
      `Redis-backed team tick (MatchmakerService.tick; median; ${partyRate * 100} % parties of 2; read = expiry + claim recovery + snapshot; matching = read + form + claim; settle = no-op session sink + match records + claim release)`,
      ['queue', 'mode', 'tickets', 'read ms', 'form ms', 'claim ms', 'matching ms', 'settle ms', 'tick ms', 'runs', 'matches', 'mean imbalance'],
      rows,
    );
  } finally {
    redis.disconnect();
    await redisServer.process.stop();
  }
}

async function oneVersusOne(sizes: number[], runs: number): Promise<void> {
  // 1. Pure pairing.
  const now = Date.now();
  const pureRows: (string | number)[][] = [];
  pairTickets(makeTickets(20_000, now, 7), now, { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 }); // warm-up
  for (const n of sizes) {
    const tickets = makeTickets(n, now).sort((a, b) => a.rating - b.rating || (a.playerId < b.playerId ? -1 : 1));
    const times: number[] = [];
    let pairs = 0;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      pairs = pairTickets(tickets, now, { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 }).length;
      times.push(performance.now() - started);
    }
    const ms = median(times);
    pureRows.push([n.toLocaleString('en'), fmt(ms, 2), pairs.toLocaleString('en'), Math.round(pairs / (ms / 1000)).toLocaleString('en'), fmt((ms * 1e6) / (n * Math.log2(n)), 1)]);
  }
  table(`Pure pairing (median of ${runs} runs)`, ['tickets', 'ms', 'pairs', 'pairs/s', 'ns per n·log2 n'], pureRows);

  // 2. Redis-backed tick.
  const redisServer = await startRedisServer();
  const redis = new IORedis(redisServer.url);
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: redisServer.url,
      MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
      JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
      MATCHMAKER_ENABLED: 'false',
    });
    const logger = new AppLogger(pino({ level: 'silent' }));
    const queue = new MatchQueue(redis, config);
    queue.onModuleInit();
    const states = new PlayerStateStore(redis);
    states.onModuleInit();
    const metrics = new QueueMetrics(new MetricsService(), queue, config);
    const settler = new MatchSettler(queue, new NoOpSessions(), new MatchRecords(redis), states, metrics, new DomainEvents(logger), config, logger);
    const matchmaker = new MatchmakerService(queue, settler, states, metrics, config, logger);

    const scenarios: { name: string; make: (n: number, now: number, run: number) => Ticket[] }[] = [
      { name: 'burst', make: (n, now, run) => makeTickets(n, now, run) },
      { name: 'steady', make: (n, now) => makeSparseTickets(n, now) },
    ];
    const rows: (string | number)[][] = [];
    for (const scenario of scenarios) {
      for (const n of sizes) {
        const samples: Awaited<ReturnType<MatchmakerService['tick']>>[] = [];
        for (let r = 0; r < Math.min(runs, n >= 100_000 ? 3 : runs); r++) {
          await redis.flushdb();
          const tickNow = Date.now();
          const tickets = scenario.make(n, tickNow, r);
          for (let start = 0; start < n; start += 5000) {
            await Promise.all(tickets.slice(start, start + 5000).map((t) => queue.addToQueue(MODE, t.playerId, t.rating, t.joinedAt)));
          }
          samples.push(await matchmaker.tick(MODE, tickNow));
          if ((await queue.size(MODE)) + samples[samples.length - 1].matched * 2 !== n) throw new Error('tickets lost');
        }
        const pick = (key: 'readMs' | 'pairingMs' | 'claimMs' | 'settleMs' | 'durationMs') => median(samples.map((s) => s[key]));
        const matchingMs = median(samples.map((s) => s.readMs + s.pairingMs + s.claimMs));
        const matched = samples[0].matched;
        rows.push([
          scenario.name,
          n.toLocaleString('en'),
          fmt(pick('readMs')),
          fmt(pick('pairingMs')),
          fmt(pick('claimMs')),
          fmt(matchingMs),
          fmt(pick('settleMs')),
          fmt(pick('durationMs')),
          matched.toLocaleString('en'),
          Math.round(matched / (matchingMs / 1000)).toLocaleString('en'),
          Math.round(matched / (pick('durationMs') / 1000)).toLocaleString('en'),
        ]);
      }
    }
    table(
      'Redis-backed tick (median; read = expiry + claim recovery + snapshot; settle = no-op session sink + match records + claim release)',
      ['queue', 'tickets', 'read ms', 'pair ms', 'claim ms', 'matching ms', 'settle ms', 'tick ms', 'pairs', 'pairs/s (matching)', 'pairs/s (tick)'],
      rows,
    );
  } finally {
    redis.disconnect();
    await redisServer.process.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
