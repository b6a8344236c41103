import 'reflect-metadata';
import { AppConfig, ConfigValidationError, loadConfigFromProcess } from '@libs/config';
import type { LocalProcess } from '@libs/dev-services';
import { createRootLogger } from '@libs/logging';
import { createApp } from './bootstrap';
import { HealthService } from './health/health.service';
import { MetricsServer } from './metrics/metrics.server';

async function startStandIns(config: AppConfig, log: ReturnType<typeof createRootLogger>): Promise<LocalProcess[]> {
  if (!config.devMode) return [];
  // Loaded only in dev mode; production never spawns anything.
  const { startMongoStandIn, startRedisServer } = await import('@libs/dev-services');
  const started: LocalProcess[] = [];
  const spawned: string[] = [];
  if (!config.redis.url && config.redis.clusterNodes.length === 0) {
    const redis = await startRedisServer();
    config.redis.url = redis.url;
    started.push(redis.process);
    spawned.push(`redis-server at ${redis.url}`);
  }
  if (!config.mongodb.uri) {
    const mongo = await startMongoStandIn();
    config.mongodb.uri = mongo.uri;
    started.push(mongo.process);
    spawned.push(`in-memory MongoDB stand-in at ${mongo.uri}`);
  }
  // Children die with us even on an abrupt exit.
  process.once('exit', () => started.forEach((p) => p.child.kill('SIGKILL')));
  log.warn({
    service: 'api',
    event: 'dev_mode_non_durable',
    details: {
      message: 'Zero-config dev mode: data is NOT durable and is lost when the service stops. Set REDIS_URL and MONGODB_URI for real storage.',
      started: spawned,
    },
  });
  return started;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    const log = createRootLogger('info');
    const problems = error instanceof ConfigValidationError ? error.problems : [(error as Error).message];
    log.error({ service: 'api', event: 'config_invalid', details: { message: (error as Error).message, problems } });
    process.exit(1);
  }
  const log = createRootLogger(config.logLevel);
  const standIns = await startStandIns(config, log);
  const app = await createApp(config, log);
  await app.listen({ port: config.port, host: config.host });
  const metricsPort = await app.get(MetricsServer).listen();
  log.info({
    service: 'api',
    event: 'server_started',
    details: {
      port: config.port,
      metrics_port: metricsPort ?? config.port,
      docs: config.http.docsEnabled,
      dev_mode: config.devMode,
      match_modes: config.matchmaker.modes.map((m) => m.name),
      match_modes_source: config.matchmaker.modesSource,
    },
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ service: 'api', event: 'shutdown_started', details: { signal } });
    app.get(HealthService).markShuttingDown();
    const force = setTimeout(() => {
      log.error({ service: 'api', event: 'shutdown_timeout', details: { timeout_ms: config.http.shutdownTimeoutMs } });
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    force.unref();
    // Stops accepting, waits for in-flight requests, then runs every module's shutdown hook (Redis, Mongo, jobs).
    await app.close();
    await Promise.all(standIns.map((p) => p.stop()));
    log.info({ service: 'api', event: 'shutdown_complete' });
    log.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: Error) => {
  createRootLogger('info').error({ service: 'api', event: 'startup_failed', details: { error } });
  process.exit(1);
});
