/**
 * HTTP benchmark of the queue API: throughput and p50/p99 latency of POST /api/v1/queue/join and
 * GET /api/v1/queue/status, measured with autocannon against the real app started in-process, in a worker thread of its
 * own (private redis-server and the in-memory MongoDB stand-in, matchmaker on with its default interval).
 *
 * Set-up: N players registered through the API; their cached ratings are spread 1000 points apart so that no two can
 * ever be matched — the join numbers measure the queue path itself, not session creation. Join: each request joins an
 * idle player, who leaves again out-of-band (unmeasured) once the join is answered, so every measured join is a real
 * one. Status: every player is queued (the most expensive status), each request asks for one of them.
 *
 * Run: npm run bench:http   (options: --players 200 --connections 25 --duration 10)
 */
import autocannon from 'autocannon';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createGameClient } from '@libs/client';
import { startMongoStandIn, startRedisServer } from '@libs/dev-services';
import type { AppWorkerData, AppWorkerReady } from './http-app.worker';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface BenchPlayer {
  id: string;
  auth: string;
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main(): Promise<void> {
  const playerCount = Number(arg('players', '200'));
  const connections = Number(arg('connections', '25'));
  const duration = Number(arg('duration', '10'));
  if (playerCount < 2 * connections) throw new Error('need at least two players per connection');

  const [redis, mongo] = await Promise.all([startRedisServer(), startMongoStandIn('gsm_bench')]);
  // The app gets a thread of its own (same process): load generation must not share its event loop.
  const worker = new Worker(
    `require('ts-node').register({ transpileOnly: true }); require('tsconfig-paths/register'); require(${JSON.stringify(join(__dirname, 'http-app.worker.ts'))});`,
    { eval: true, workerData: { redisUrl: redis.url, mongoUri: mongo.uri, players: playerCount } satisfies AppWorkerData },
  );
  const stopped = new Promise((resolve) => worker.once('exit', resolve));

  try {
    process.stdout.write(`Starting the app and registering ${playerCount} players... `);
    const { base, players } = await new Promise<AppWorkerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`app worker exited with code ${code}`)));
    });
    console.log('done');

    // Join: every request takes a player from the idle pool and joins it; once the join is answered the player leaves
    // again off the clock and goes back to the pool, so every measured join is a real one.
    // Set-up and clean-up calls go through the typed client (libs/client); the measured requests are autocannon's.
    const clients = new Map(players.map((p) => [p, createGameClient({ baseUrl: base, accessToken: p.auth.slice('Bearer '.length) })]));
    const clientOf = (player: BenchPlayer) => clients.get(player)!;
    let idle: BenchPlayer[] = [...players];
    const leaves: Promise<unknown>[] = [];
    type JoinContext = { player?: BenchPlayer };
    const joinRequest: autocannon.Request = {
      method: 'POST',
      path: '/api/v1/queue/join',
      setupRequest: (req, context) => {
        const player = idle.shift() ?? players[Math.floor(Math.random() * playerCount)];
        (context as JoinContext).player = player;
        return { ...req, headers: { ...req.headers, authorization: player.auth, 'content-type': 'application/json' }, body: '{}' };
      },
      onResponse: (_status, _body, context) => {
        const player = (context as JoinContext).player;
        if (!player) return;
        leaves.push(
          clientOf(player).DELETE('/api/v1/queue/leave').finally(() => idle.push(player)),
        );
      },
    };
    const leaveEveryone = async () => {
      await Promise.all(leaves.splice(0));
      await inBatches(playerCount, 20, (i) => clientOf(players[i]).DELETE('/api/v1/queue/leave'));
      idle = [...players];
    };
    await run({ url: base, connections, duration: 2, requests: [joinRequest] }); // warm-up
    await leaveEveryone();
    const join = await run({ url: base, connections, duration, requests: [joinRequest] });
    await leaveEveryone();

    // Status: everyone queued, requests rotate over them.
    await inBatches(playerCount, 20, (i) =>
      clientOf(players[i]).POST('/api/v1/queue/join', { body: {} }),
    );
    let statusTurn = 0;
    const statusRequest: autocannon.Request = {
      method: 'GET',
      path: '/api/v1/queue/status',
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: players[statusTurn++ % playerCount].auth } }),
    };
    await run({ url: base, connections, duration: 2, requests: [statusRequest] }); // warm-up
    const status = await run({ url: base, connections, duration, requests: [statusRequest] });

    // Reference: the cheapest route (no auth, no I/O) on the same machine.
    const live = await run({ url: `${base}/health/live`, connections, duration });

    const row = (name: string, r: autocannon.Result) => [
      name,
      Math.round(r.requests.average).toLocaleString('en'),
      r.latency.p50.toFixed(1),
      r.latency.p99.toFixed(1),
      r.latency.max.toFixed(1),
      String(r.non2xx + r.errors),
      r.requests.total.toLocaleString('en'),
    ];
    const head = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx+errors', 'requests'];
    const rows = [row('POST /api/v1/queue/join', join), row('GET /api/v1/queue/status', status), row('GET /health/live (reference)', live)];
    const widths = head.map((_, c) => Math.max(head[c].length, ...rows.map((r) => r[c].length)));
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
    console.log(`${playerCount} players, ${connections} connections, ${duration} s per endpoint (after a 2 s warm-up)\n`);
    console.log(`| ${head.map((h, c) => h.padEnd(widths[c])).join(' | ')} |`);
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(`| ${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' | ')} |`);
  } finally {
    worker.postMessage('stop');
    await stopped;
    await Promise.all([redis.process.stop(), mongo.process.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
