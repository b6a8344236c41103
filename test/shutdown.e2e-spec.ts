import { freePort } from '@libs/dev-services';
import { Backends, startBackends } from './harness/backends';
import { startService, waitForLive } from './harness/service-process';
import { TEST_JWT_SECRET } from './harness/test-app';
import { uniqueName } from './support/players';

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
      METRICS_PORT: String(await freePort()),
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
