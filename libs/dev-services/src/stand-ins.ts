import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { LocalProcess } from './local-process';

export interface RedisStandIn {
  url: string;
  port: number;
  process: LocalProcess;
}

export interface MongoStandIn {
  uri: string;
  port: number;
  process: LocalProcess;
}

/** Starts a private, non-persistent `redis-server` on a free loopback port. */
export async function startRedisServer(extraArgs: string[] = [], port?: number): Promise<RedisStandIn> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'gsm-redis-'));
  const args = ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs];
  const proc = await LocalProcess.start('redis-server', 'redis-server', args, /Ready to accept connections/);
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, process: proc };
}

/** Path of the MongoDB-wire-compatible in-memory server shipped in an optional npm package (linux-x64 only). */
export function mongoStandInBinary(): string {
  let pkg: string;
  try {
    pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  } catch {
    throw new Error(
      'MONGODB_URI is not set and the in-memory MongoDB stand-in (@jongodb/memory-server-bin-linux-x64-gnu, linux-x64 only) is not installed',
    );
  }
  const binary = join(pkg, '..', 'bin', 'jongodb');
  if (!existsSync(binary)) throw new Error(`MongoDB stand-in binary missing at ${binary}`);
  return binary;
}

/** Starts the in-memory MongoDB stand-in on a free loopback port; its data lives only as long as the process. */
export async function startMongoStandIn(database = 'game_session_manager'): Promise<MongoStandIn> {
  const port = await freePort();
  const proc = await LocalProcess.start(
    'mongodb-stand-in',
    mongoStandInBinary(),
    ['--host=127.0.0.1', `--port=${port}`, `--database=${database}`],
    /JONGODB_URI=\S+/,
  );
  return { uri: `mongodb://127.0.0.1:${port}/${database}`, port, process: proc };
}
