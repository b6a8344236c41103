import IORedis, { Cluster } from 'ioredis';
import { LocalRedisCluster, RedisStandIn, startRedisCluster, startRedisServer } from '@libs/dev-services';
import { batchWrites } from './write-batching';

/** Read events the server has processed: one per client write that arrives on its own. */
async function readsProcessed(observer: IORedis): Promise<number> {
  const info = await observer.info('stats');
  return Number(/total_reads_processed:(\d+)/.exec(info)![1]);
}

/** Reads the server processed for what `send` issues in one turn, minus the observer's own INFO. */
async function readsFor(observer: IORedis, send: () => Promise<unknown>): Promise<number> {
  const before = await readsProcessed(observer);
  await send();
  return (await readsProcessed(observer)) - before - 1;
}

describe('Batched writes (real Redis)', () => {
  let redis: RedisStandIn;
  let observer: IORedis;
  const clients: IORedis[] = [];
  // Without batching, a busy server may still read several writes at once, so only the batched count is asserted.
  const connect = () => {
    const client = new IORedis(redis.url);
    batchWrites(client);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    observer = new IORedis(redis.url);
  });

  afterEach(() => clients.splice(0).forEach((c) => c.disconnect()));

  afterAll(async () => {
    observer.disconnect();
    await redis.process.stop();
  });

  it('sends the commands of one turn in one write, in call order, each with its own answer', async () => {
    const client = connect();
    await client.ping();
    let answers: number[] = [];
    const reads = await readsFor(observer, async () => {
      answers = await Promise.all(Array.from({ length: 20 }, () => client.incr('batch:order')));
    });
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(reads).toBe(1);
  });

  it('reports an error to its own command only, and keeps batching after a reconnect', async () => {
    const client = connect();
    await client.set('batch:text', 'x');
    const results = await Promise.allSettled([client.incr('batch:n'), client.incr('batch:text'), client.get('batch:text')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<string>).value).toBe('x');

    const reconnected = new Promise((resolve) => client.once('ready', resolve));
    client.disconnect(true);
    await reconnected;
    const reads = await readsFor(observer, () => Promise.all(Array.from({ length: 10 }, (_, i) => client.set(`batch:r${i}`, String(i)))));
    expect(reads).toBe(1);
    expect(await client.mget(Array.from({ length: 10 }, (_, i) => `batch:r${i}`))).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
  });

  it('leaves MULTI transactions whole', async () => {
    const client = connect();
    const [exec, after] = await Promise.all([client.multi().incr('batch:tx').incr('batch:tx').exec(), client.incr('batch:tx')]);
    expect(exec).toEqual([
      [null, 1],
      [null, 2],
    ]);
    expect(after).toBe(3);
  });
});

describe('Batched writes (real Redis Cluster)', () => {
  let cluster: LocalRedisCluster;
  let client: Cluster;
  let observers: IORedis[];

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = new Cluster(cluster.nodes);
    batchWrites(client);
    observers = cluster.nodes.map((n) => new IORedis(n.port, n.host));
  });

  afterAll(async () => {
    client.disconnect();
    observers.forEach((o) => o.disconnect());
    await cluster.stop();
  });

  it('sends each node the commands of one turn in one write, on nodes the client discovers after it was wrapped', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `batch:{k${i}}`);
    await Promise.all(keys.map((key) => client.set(key, '0')));
    const before = await Promise.all(observers.map(readsProcessed));
    const answers = await Promise.all(keys.map((key) => client.incr(key)));
    const after = await Promise.all(observers.map(readsProcessed));
    expect(answers).toEqual(keys.map(() => 1));
    // Per node: one write for its share of the 60 commands, plus the observer's own INFO.
    expect(after.map((a, i) => a - before[i] - 1)).toEqual([1, 1, 1]);
  });
});
