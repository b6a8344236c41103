import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppConfig, loadConfig } from '@libs/config';
import { createRootLogger } from '@libs/logging';
import { createApp } from '../../apps/api/src/bootstrap';
import { Backends, startBackends } from './backends';
import { LogCapture } from './log-capture';
import { OpenApiContract, ObservedResponse } from './openapi-contract';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_SERVER_KEY = 'test-game-server-key-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest against the app; every response is checked against the app's OpenAPI document (see openapi-contract.ts). */
  http: TestAgent;
  contract: OpenApiContract;
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
    // Every test registers its own players from one address; the registration throttle has its own test.
    REGISTER_MAX_PER_CLIENT: '1000000',
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createApp(config, createRootLogger(config.logLevel, logs));
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  // With the docs switched off (DOCS_ENABLED=false) responses are checked against the committed copy of the document,
  // which the openapi test keeps equal to the served one.
  const documentText = config.http.docsEnabled
    ? (await fastify.inject({ method: 'GET', url: '/docs-json' })).body
    : readFileSync(join(__dirname, '../../libs/client/openapi.json'), 'utf8');
  const contract = contractFor(documentText);
  return {
    app,
    http: checkedAgent(request(app.getHttpServer()) as unknown as TestAgent, contract),
    contract,
    logs,
    config,
    backends,
    close: async () => {
      await app.close();
      if (ownBackends) await backends.stop();
    },
  };
}

const contracts = new Map<string, OpenApiContract>();

/** One compiled contract per distinct document in this jest worker (test files boot many identical apps). */
function contractFor(documentText: string): OpenApiContract {
  let contract = contracts.get(documentText);
  if (!contract) {
    contract = new OpenApiContract(JSON.parse(documentText));
    contracts.set(documentText, contract);
  }
  return contract;
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

type Assert = (error: Error | null, response: ObservedResponse | undefined, done?: (error: Error | null, response: unknown) => void) => void;

/**
 * Wraps supertest so that, once a request's own expectations pass, its response is checked against the contract; a
 * departure fails the request like a failed `.expect()`.
 */
function checkedAgent(agent: TestAgent, contract: OpenApiContract): TestAgent {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !VERBS.includes(property === 'del' ? 'delete' : property)) return value;
      const method = property === 'del' ? 'delete' : property;
      return (url: string) => {
        const test = (value as (url: string) => { assert: Assert }).call(target, url);
        const assert = test.assert.bind(test);
        test.assert = (error, response, done) =>
          assert(error, response, function (this: unknown, failure, res) {
            if (!failure && res) {
              try {
                contract.check(method, url, res as ObservedResponse);
              } catch (violation) {
                failure = violation as Error;
              }
            }
            done?.call(this, failure, res);
          });
        return test;
      };
    },
  });
}
