/**
 * The floor for bench/floor.bench.ts: the same stack without the framework layers — a bare Fastify server with the
 * two routes the product's hot reads are compared with. Started as a child process of the benchmark.
 *
 *   GET /ok       -> { ok: true }
 *   GET /hgetall  -> HGETALL of one session-sized hash (a real session's hot copy), through ioredis
 *
 * argv: <port> <redis url> <hash key>; prints "floor listening" once ready.
 */
import Fastify from 'fastify';
import IORedis from 'ioredis';

async function main(): Promise<void> {
  const [port, redisUrl, hashKey] = process.argv.slice(2);
  const redis = new IORedis(redisUrl);
  const app = Fastify({ logger: false });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/hgetall', async () => redis.hgetall(hashKey));
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  console.log('floor listening');
  process.on('SIGTERM', () => {
    void app.close().then(() => redis.quit()).then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
