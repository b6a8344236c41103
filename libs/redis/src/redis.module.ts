import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Cluster, Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger } from '@libs/logging';
import { REDIS, RedisClient } from './redis.tokens';
import { batchWrites } from './write-batching';

const COMMON = {
  // Fail commands fast while Redis is away, so readiness turns red instead of requests hanging.
  maxRetriesPerRequest: 2,
  connectTimeout: 5000,
  retryStrategy: (times: number) => Math.min(times * 100, 2000),
};

/**
 * The service's client. Commands issued in the same turn of the event loop (concurrent requests, Promise.all) leave in
 * one write instead of one syscall each (`batchWrites`, in place of ioredis auto-pipelining, which costs twice the CPU).
 */
export function createRedisClient(config: AppConfig): RedisClient {
  const cluster = config.redis.clusterNodes.length > 0;
  if (!cluster && !config.redis.url) throw new Error('No Redis configured');
  const client: RedisClient = cluster
    ? new Cluster(config.redis.clusterNodes, {
        scaleReads: 'master',
        clusterRetryStrategy: (times) => Math.min(times * 100, 2000),
        redisOptions: { ...COMMON, username: config.redis.username ?? undefined, password: config.redis.password ?? undefined },
      })
    : new IORedis(config.redis.url!, COMMON);
  batchWrites(client);
  return client;
}

function waitReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG, AppLogger],
      useFactory: async (config: AppConfig, logger: AppLogger): Promise<RedisClient> => {
        const client = createRedisClient(config);
        const log = logger.forService('api');
        let reported = false;
        client.on('error', (error: Error) => {
          // One line per outage, not one per reconnect attempt.
          if (!reported) log.error('redis_error', { details: { error: error.message } });
          reported = true;
        });
        client.on('ready', () => {
          if (reported) log.info('redis_reconnected');
          reported = false;
        });
        await waitReady(client, 15000);
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly client: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

export type { Redis, Cluster };
