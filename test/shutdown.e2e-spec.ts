import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@libs/dev-services';
import { Backends, startBackends } from './harness/backends';
import { TEST_JWT_SECRET } from './harness/test-app';
import { uniqueName } from './support/players';

const ROOT = join(__dirname, '..');

/** Runs the real entry point (apps/api/src/main.ts) as its own process, as production would. */
function startService(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForLive(base: string): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health/live`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('service did not start');
}

describe('graceful shutdown (SIGTERM)', () => {
  let backends: Backends;

  beforeAll(async () => {
    backends = await startBackends();
  });

  afterAll(() => backends.stop());

  it('finishes in-flight requests, closes connections and exits 0', async () => {
    const port = await freePort();
    const service = startService({
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: backends.redisUrl,
      MONGODB_URI: backends.mongoUri,
      JWT_SECRET: TEST_JWT_SECRET,
      MATCHMAKER_ENABLED: 'false',
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForLive(base);
      // Freeze Redis so that registrations are provably still in flight (waiting on Redis) when SIGTERM arrives.
      backends.redis.child.kill('SIGSTOP');
      const inFlight = Array.from({ length: 8 }, () =>
        fetch(`${base}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: uniqueName('sd'), password: 'long-enough-password' }),
        }).then((res) => res.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      service.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      backends.redis.child.kill('SIGCONT');
      expect(await Promise.all(inFlight)).toEqual(Array(8).fill(201));
      const code = await service.exited;
      if (code !== 0) throw new Error(`exit code ${code}: ${service.output().slice(-3000)}`);
      expect(service.output()).toContain('"event":"shutdown_complete"');
      await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    } finally {
      backends.redis.child.kill('SIGCONT');
      service.child.kill('SIGKILL');
    }
  });
});
