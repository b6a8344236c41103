/**
 * The app under test for bench/quality.bench.ts, run in a worker thread of the benchmark process so that the replay
 * does not share its event loop. Registers the benchmark players once; before each replay it gives them the trace's
 * ratings (through the app's own stats mirror, the rating the queue reads) and fresh access tokens.
 */
import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '@libs/config';
import { createRootLogger } from '@libs/logging';
import { TokenService } from '../apps/api/src/auth/token.service';
import { createApp } from '../apps/api/src/bootstrap';
import { MatchPolicy } from '../apps/api/src/matchmaking/domain/match-window';
import { ModeCatalog } from '../apps/api/src/matchmaking/match-modes';
import { PlayerRepository } from '../apps/api/src/players/player.repository';
import { PlayerStatsCache } from '../apps/api/src/players/player-stats.cache';

export interface QualityWorkerData {
  redisUrl: string;
  mongoUri: string;
  players: number;
  modes: string[];
}

export interface QualityWorkerReady {
  base: string;
  serverKey: string;
  playerIds: string[];
  /** The policy each mode runs with, and the matchmaker interval. */
  policies: Record<string, MatchPolicy>;
  tickMs: number;
}

export type QualityWorkerRequest = { type: 'prepare'; ratings: number[] } | { type: 'matches' } | { type: 'stop' };
export interface QualityWorkerPrepared {
  auth: string[];
}
/**
 * Per session, from its `match_found` log line: player a and a's wait from join to the claim of the pair; per mode,
 * the start (`now`) of every matchmaker tick, from the `matchmaker_tick` lines (end timestamp minus duration).
 */
export interface QualityWorkerMatches {
  matches: Record<string, { playerA: string; waitA: number }>;
  ticks: Record<string, number[]>;
}

const SERVER_KEY = 'bench-server-key-that-is-long-enough';

/** Discards the logs except `match_found` (exact claim times) and `matchmaker_tick` (when each tick ran). */
class MatchLogStream extends Writable {
  readonly waits = new Map<string, { playerA: string; waitA: number }>();
  readonly ticks: Record<string, number[]> = {};
  _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString();
    if (text.includes('"match_found"') || text.includes('"matchmaker_tick"')) {
      for (const line of text.split('\n')) {
        if (line.includes('"match_found"')) {
          const entry = JSON.parse(line) as { session_id: string; details: { player_a: string; wait_a_seconds: number } };
          this.waits.set(entry.session_id, { playerA: entry.details.player_a, waitA: entry.details.wait_a_seconds });
        } else if (line.includes('"matchmaker_tick"')) {
          const entry = JSON.parse(line) as { timestamp: string; details: { mode: string; duration_ms: number } };
          (this.ticks[entry.details.mode] ??= []).push(Date.parse(entry.timestamp) - entry.details.duration_ms);
        }
      }
    }
    done();
  }
}


async function main(): Promise<void> {
  const data = workerData as QualityWorkerData;
  const config = loadConfig({
    NODE_ENV: 'production',
    REDIS_URL: data.redisUrl,
    MONGODB_URI: data.mongoUri,
    JWT_SECRET: 'bench-secret-that-is-at-least-32-characters-long',
    GAME_SERVER_KEY: SERVER_KEY,
    LOG_LEVEL: 'debug',
    MATCHMAKER_ENABLED: 'true',
    QUEUE_MODES: data.modes.join(','),
    JWT_ACCESS_TTL_SECONDS: '3600',
  });
  const logs = new MatchLogStream();
  const app = await createApp(config, createRootLogger(config.logLevel, logs));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  const playerIds: string[] = [];
  for (let start = 0; start < data.players; start += 4) {
    const batch = Array.from({ length: Math.min(4, data.players - start) }, (_, k) => start + k);
    playerIds.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const res = await fetch(`${base}/api/v1/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: `quality_${process.pid}_${i}`, password: 'bench-password-123' }),
          });
          if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
          return ((await res.json()) as { player_id: string }).player_id;
        }),
      )),
    );
  }

  parentPort!.on('message', (message: QualityWorkerRequest) => {
    if (message.type === 'stop') {
      void app.close().then(() => process.exit(0));
      return;
    }
    if (message.type === 'matches') {
      parentPort!.postMessage({ matches: Object.fromEntries(logs.waits), ticks: { ...logs.ticks } } satisfies QualityWorkerMatches);
      logs.waits.clear();
      for (const mode of Object.keys(logs.ticks)) delete logs.ticks[mode];
      return;
    }
    void (async () => {
      const auth: string[] = [];
      for (let i = 0; i < playerIds.length; i++) {
        const player = await app.get(PlayerRepository).findById(playerIds[i]);
        await app.get(PlayerStatsCache).write(playerIds[i], { ...player!.stats, rating: message.ratings[i] });
        auth.push(`Bearer ${(await app.get(TokenService).signAccessToken(playerIds[i])).token}`);
      }
      parentPort!.postMessage({ auth } satisfies QualityWorkerPrepared);
    })();
  });
  const catalog = new ModeCatalog(config.matchmaker.modes);
  const policies = Object.fromEntries(data.modes.map((mode) => [mode, catalog.policy(mode)]));
  parentPort!.postMessage({ base, serverKey: SERVER_KEY, playerIds, policies, tickMs: config.matchmaker.intervalMs } satisfies QualityWorkerReady);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
