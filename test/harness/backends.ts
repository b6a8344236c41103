import { LocalProcess, startMongoStandIn, startRedisServer } from '@libs/dev-services';

export interface Backends {
  redisUrl: string;
  redisPort: number;
  redis: LocalProcess;
  mongoUri: string;
  mongo: LocalProcess | null;
  stop(): Promise<void>;
}

/**
 * Starts the servers one test file needs: a private `redis-server` and (unless MONGODB_URI points at a real MongoDB)
 * the in-memory MongoDB stand-in, each on a free port, so test files never share state.
 */
export async function startBackends(): Promise<Backends> {
  const external = process.env.MONGODB_URI;
  const [redis, mongo] = await Promise.all([startRedisServer(), external ? Promise.resolve(null) : startMongoStandIn('gsm_test')]);
  const backends: Backends = {
    redisUrl: redis.url,
    redisPort: redis.port,
    redis: redis.process,
    mongoUri: external ?? mongo!.uri,
    mongo: mongo?.process ?? null,
    // Reads the fields at stop time: a test may have replaced `redis` with a restarted server.
    stop: async () => {
      await Promise.all([backends.redis.stop(), backends.mongo?.stop()]);
    },
  };
  return backends;
}
