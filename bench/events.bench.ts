/**
 * Event-stream benchmark: two replicas (A and B, each its own process running apps/api/src/main.ts) over one private
 * redis-server and the MongoDB stand-in.
 *
 * 1. Opens --streams (default 5,000) player streams on replica B and reports B's resident memory and V8 heap before
 *    and after, per open stream (read from B's own /metrics).
 * 2. With those streams open, plays --pairs matches: both players hold a stream on B; both join on replica A, the
 *    second join is matched at once on A. Reports the time from the match (the event's stream entry time, written
 *    right after the session is durable) to the arrival of match.found at each player's client, p50/p99.
 *
 * Run: npm run bench:events   (options: --streams 5000 --pairs 100)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { freePort, startMongoStandIn, startRedisServer } from '@libs/dev-services';

const SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const ROOT = join(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function startReplica(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} did not start`);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An access token as the service issues them (the stream players need not exist in MongoDB). */
function mintToken(playerId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role: 'player', sub: playerId, jti: randomUUID(), iat: now, exp: now + 3600, iss: 'game-session-manager', aud: 'game-session-manager-api' })}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

const objectId = () => randomBytes(12).toString('hex');

interface Stream {
  onEvent: (name: string, id: string, at: number) => void;
  close: () => void;
}

/** A raw HTTP SSE reader (node:http keeps 5,000 sockets cheaper than fetch streams). */
function openStream(agent: Agent, base: string, token: string, onEvent: Stream['onEvent']): Promise<Stream> {
  const url = new URL(`${base}/api/v1/events`);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream status ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.+)$/m.exec(block)?.[1];
          const name = /^event: (.+)$/m.exec(block)?.[1];
          if (id && name) onEvent(name, id, at);
        }
      });
      resolve({ onEvent, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').pop());
}

async function post(base: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const streamCount = Number(arg('streams', '5000'));
  const pairs = Number(arg('pairs', '100'));
  const [redis, mongo] = await Promise.all([startRedisServer(), startMongoStandIn('gsm_bench_events')]);
  const [portA, portB] = [await freePort(), await freePort()];
  const env = { NODE_ENV: 'production', HOST: '127.0.0.1', REDIS_URL: redis.url, MONGODB_URI: mongo.uri, JWT_SECRET: SECRET, LOG_LEVEL: 'warn', MATCHMAKER_ENABLED: 'false' };
  const replicas = [startReplica({ ...env, PORT: String(portA) }), startReplica({ ...env, PORT: String(portB) })];
  const [baseA, baseB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const streams: Stream[] = [];
  try {
    await Promise.all([waitReady(baseA), waitReady(baseB)]);
    // Warm-up, then the baseline.
    for (let i = 0; i < 20; i++) streams.push(await openStream(agent, baseB, mintToken(objectId()), () => undefined));
    await new Promise((r) => setTimeout(r, 2000));
    const [rssBefore, heapBefore] = [await metric(baseB, 'gsm_process_resident_memory_bytes'), await metric(baseB, 'gsm_nodejs_heap_size_used_bytes')];

    const opening = Date.now();
    for (let start = 0; start < streamCount; start += 250) {
      const batch = Array.from({ length: Math.min(250, streamCount - start) }, () => openStream(agent, baseB, mintToken(objectId()), () => undefined));
      streams.push(...(await Promise.all(batch)));
    }
    const openSeconds = (Date.now() - opening) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const open = await metric(baseB, 'gsm_events_open_streams{kind="player"}');
    const [rssAfter, heapAfter] = [await metric(baseB, 'gsm_process_resident_memory_bytes'), await metric(baseB, 'gsm_nodejs_heap_size_used_bytes')];

    // Matches: created on A, delivered by B.
    const latencies: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const players = await Promise.all(
        [0, 1].map(async () => {
          const username = `ev_${randomBytes(5).toString('hex')}`;
          const registered = await post(baseA, '/api/v1/auth/register', { username, password: 'bench-password-123' });
          return { id: registered.player_id as string, token: mintToken(registered.player_id as string) };
        }),
      );
      const arrived: Promise<void>[] = [];
      for (const p of players) {
        let done: () => void;
        arrived.push(new Promise<void>((r) => (done = r)));
        streams.push(
          await openStream(agent, baseB, p.token, (name, id, at) => {
            if (name !== 'match.found') return;
            latencies.push(at - Number(id.split('-')[0]));
            done();
          }),
        );
      }
      await post(baseA, '/api/v1/queue/join', { mode: 'casual_1v1' }, players[0].token);
      const second = await post(baseA, '/api/v1/queue/join', { mode: 'casual_1v1' }, players[1].token);
      if (second.status !== 'matched') throw new Error(`pair ${i} not matched: ${JSON.stringify(second)}`);
      await Promise.race([Promise.all(arrived), new Promise((_, reject) => setTimeout(() => reject(new Error('match.found not delivered in 10 s')), 10000))]);
    }
    latencies.sort((x, y) => x - y);

    const mb = (n: number) => (n / 1048576).toFixed(1);
    console.log(`\nEvent streams: ${streamCount} opened on replica B in ${openSeconds.toFixed(1)} s; B reports ${open} open player streams`);
    console.log(`  resident memory ${mb(rssBefore)} MB -> ${mb(rssAfter)} MB: ${((rssAfter - rssBefore) / streamCount / 1024).toFixed(1)} KB per open stream`);
    console.log(`  V8 heap used    ${mb(heapBefore)} MB -> ${mb(heapAfter)} MB: ${((heapAfter - heapBefore) / streamCount / 1024).toFixed(1)} KB per open stream`);
    console.log(`match -> match.found at the client (made on A, delivered by B, ${streamCount} other streams open), ${latencies.length} deliveries:`);
    console.log(`  p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms, max ${latencies.at(-1)} ms (ms resolution: the entry id's time)`);
  } finally {
    streams.forEach((s) => s.close());
    replicas.forEach((r) => r.kill('SIGTERM'));
    await Promise.all(replicas.map((r) => new Promise((resolve) => (r.exitCode !== null ? resolve(null) : r.once('exit', resolve)))));
    await Promise.all([redis.process.stop(), mongo.process.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
