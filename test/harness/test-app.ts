import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppConfig, loadConfig } from '@libs/config';
import { createRootLogger } from '@libs/logging';
import { createApp } from '../../apps/api/src/bootstrap';
import { Backends, startBackends } from './backends';
import { LogCapture } from './log-capture';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_SERVER_KEY = 'test-game-server-key-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  logs: LogCapture;
  config: AppConfig;
  backends: Backends;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse servers from another TestApp (e.g. two replicas against one Redis); they are then not stopped on close. */
  backends?: Backends;
  /** Extra environment variables for the app's config. */
  env?: Record<string, string>;
}

/** Boots the real application (in-process, real Redis, Mongo stand-in) for supertest. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownBackends = !options.backends;
  const backends = options.backends ?? (await startBackends());
  const cluster = options.env?.REDIS_CLUSTER_NODES;
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: cluster ? undefined : backends.redisUrl,
    MONGODB_URI: backends.mongoUri,
    JWT_SECRET: TEST_JWT_SECRET,
    GAME_SERVER_KEY: TEST_SERVER_KEY,
    LOG_LEVEL: 'debug',
    MATCHMAKER_ENABLED: 'false',
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createApp(config, createRootLogger(config.logLevel, logs));
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    logs,
    config,
    backends,
    close: async () => {
      await app.close();
      if (ownBackends) await backends.stop();
    },
  };
}
