import IORedis, { Cluster } from 'ioredis';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRedisCluster, RedisStandIn, startRedisCluster, startRedisServer } from '@libs/dev-services';
import { callLua, defineLuaCommand } from './lua';
import { batchWrites } from './write-batching';

const dir = mkdtempSync(join(tmpdir(), 'gsm-lua-'));
writeFileSync(join(dir, 'bump.lua'), "return redis.call('INCRBY', KEYS[1], ARGV[1])\n");
writeFileSync(join(dir, 'keys.lua'), 'return #KEYS\n');

async function commandCalls(client: IORedis, command: string): Promise<number> {
  const info = await client.info('commandstats');
  const line = info.split('\r\n').find((l) => l.startsWith(`cmdstat_${command}:`));
  return line ? Number(/calls=(\d+)/.exec(line)![1]) : 0;
}

describe('Lua scripts (real Redis)', () => {
  let redis: RedisStandIn;
  let client: IORedis;

  beforeAll(async () => {
    redis = await startRedisServer();
    client = new IORedis(redis.url);
    batchWrites(client);
    defineLuaCommand(client, dir, 'bump', 1);
    defineLuaCommand(client, dir, 'keys', 1);
  });

  afterAll(async () => {
    client.disconnect();
    await redis.process.stop();
  });

  it('sends the script text once, then only its SHA, also in batched writes', async () => {
    expect(await callLua<number>(client, 'bump', ['lua:{a}'], [2])).toBe(2);
    const evals = await commandCalls(client, 'eval');
    expect(evals).toBe(1);
    const results = await Promise.all(Array.from({ length: 20 }, () => callLua<number>(client, 'bump', ['lua:{a}'], [1])));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 3 + i));
    expect(await commandCalls(client, 'eval')).toBe(evals);
    expect(await commandCalls(client, 'evalsha')).toBeGreaterThanOrEqual(20);
  });

  it('loads the script again when Redis has forgotten it', async () => {
    await client.script('FLUSH');
    const results = await Promise.all([callLua<number>(client, 'bump', ['lua:{b}'], [5]), callLua<number>(client, 'bump', ['lua:{b}'], [5])]);
    expect([...results].sort((a, b) => a - b)).toEqual([5, 10]);
    expect(await client.get('lua:{b}')).toBe('10');
  });

  it('passes script errors through', async () => {
    await client.set('lua:{c}', 'not a number');
    await expect(callLua(client, 'bump', ['lua:{c}'], [1])).rejects.toThrow(/not an integer/);
  });

  it('passes optional keys after the declared ones as keys, and refuses fewer than declared', async () => {
    expect(await callLua<number>(client, 'keys', ['lua:{d}'], ['x'])).toBe(1);
    expect(await callLua<number>(client, 'keys', ['lua:{d}', 'lua:{d}:more'], ['x'])).toBe(2);
    expect(() => callLua(client, 'keys', [], ['x'])).toThrow(/at least 1 keys/);
  });

  it('refuses a script that was never defined on the client', () => {
    expect(() => callLua(client, 'missing', [], [])).toThrow(/missing is not defined/);
    expect(() => callLua(new IORedis({ lazyConnect: true }), 'bump', ['k'], [1])).toThrow(/bump is not defined/);
  });
});

describe('Lua scripts (real Redis Cluster)', () => {
  let cluster: LocalRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = new Cluster(cluster.nodes);
    batchWrites(client);
    defineLuaCommand(client, dir, 'bump', 1);
  });

  afterAll(async () => {
    client.disconnect();
    await cluster.stop();
  });

  it('runs on whichever node owns the key, loading it there on first use', async () => {
    const keysOnEveryNode = Array.from({ length: 30 }, (_, i) => `lua:{k${i}}`);
    const first = await Promise.all(keysOnEveryNode.map((key, i) => callLua<number>(client, 'bump', [key], [i])));
    expect(first).toEqual(keysOnEveryNode.map((_, i) => i));
    const second = await Promise.all(keysOnEveryNode.map((key) => callLua<number>(client, 'bump', [key], [100])));
    expect(second).toEqual(keysOnEveryNode.map((_, i) => i + 100));
  });
});
