/**
 * `npm run client:generate`: boots the service against private stand-ins, reads its OpenAPI document and rewrites
 * libs/client/openapi.json and libs/client/src/schema.ts. The openapi e2e test fails while the committed files are stale.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@libs/config';
import { startMongoStandIn, startRedisServer } from '@libs/dev-services';
import { createRootLogger } from '@libs/logging';
import { createApp } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const [redis, mongo] = await Promise.all([startRedisServer(), startMongoStandIn('gsm_client_generate')]);
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: redis.url,
      MONGODB_URI: mongo.uri,
      JWT_SECRET: 'client-generation-secret-at-least-32-characters',
      LOG_LEVEL: 'error',
      MATCHMAKER_ENABLED: 'false',
    });
    const app = await createApp(config, createRootLogger('error'));
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    await app.close();
    const dir = mkdtempSync(join(tmpdir(), 'gsm-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), response.body);
      execFileSync(process.execPath, [join(__dirname, 'client-render.mjs'), '--write', join(dir, 'openapi.json')], { stdio: 'inherit' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await Promise.all([redis.process.stop(), mongo.process.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
