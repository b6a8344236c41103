/**
 * The app under test for bench/http.bench.ts, run in a worker thread of the benchmark process so that the load
 * generator does not share its event loop. Registers the benchmark players, then serves until told to stop.
 */
import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { createGameClient } from '@libs/client';
import { loadConfig } from '@libs/config';
import { createRootLogger } from '@libs/logging';
import { TokenService } from '../apps/api/src/auth/token.service';
import { createApp } from '../apps/api/src/bootstrap';
import { PlayerRepository } from '../apps/api/src/players/player.repository';
import { PlayerStatsCache } from '../apps/api/src/players/player-stats.cache';

export interface AppWorkerData {
  redisUrl: string;
  mongoUri: string;
  players: number;
}

export interface AppWorkerReady {
  base: string;
  players: { id: string; auth: string }[];
}

/** Keeps log serialization in the measurement but discards the output. */
class NullStream extends Writable {
  _write(_chunk: Buffer, _encoding: string, done: () => void): void {
    done();
  }
}

async function main(): Promise<void> {
  const data = workerData as AppWorkerData;
  const config = loadConfig({
    NODE_ENV: 'production',
    REDIS_URL: data.redisUrl,
    MONGODB_URI: data.mongoUri,
    JWT_SECRET: 'bench-secret-that-is-at-least-32-characters-long',
    REGISTER_MAX_PER_CLIENT: '1000000',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    MATCHMAKER_ENABLED: 'true',
  });
  const app = await createApp(config, createRootLogger(config.logLevel, new NullStream()));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  const api = createGameClient({ baseUrl: base });
  const players: AppWorkerReady['players'] = [];
  for (let start = 0; start < data.players; start += 4) {
    const batch = Array.from({ length: Math.min(4, data.players - start) }, (_, k) => start + k);
    players.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const { data, error } = await api.POST('/api/v1/auth/register', {
            body: { username: `bench_${process.pid}_${i}`, password: 'bench-password-123' },
          });
          if (!data) throw new Error(`register failed: ${JSON.stringify(error)}`);
          const id = data.player_id;
          // 1000 points apart: no two benchmark players can ever be matched.
          const player = await app.get(PlayerRepository).findById(id);
          await app.get(PlayerStatsCache).write(id, { ...player!.stats, rating: 1000 + 1000 * i });
          const { token } = await app.get(TokenService).signAccessToken(id);
          return { id, auth: `Bearer ${token}` };
        }),
      )),
    );
  }

  parentPort!.once('message', () => {
    void app.close().then(() => process.exit(0));
  });
  parentPort!.postMessage({ base, players } satisfies AppWorkerReady);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
