import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis, { Cluster } from 'ioredis';
import { freePort, LocalProcess } from '@libs/dev-services';
import { startTestApp, TestApp } from '../harness/test-app';
import { configMapData, renderOverlay } from './kustomize';
import { layOutRedisNode, renderAcl, RedisNodeFiles, run, startRedisNode, waitFor } from './redis-from-manifests';

const APP_PASSWORD = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ADMIN_PASSWORD = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const REPLICATION_PASSWORD = '55aa55aa55aa55aa55aa55aa55aa55aa';

/** The 6-node Redis Cluster of k8s/overlays/redis-cluster, run locally from its ConfigMaps and formed by its Job's script. */
describe('Redis Cluster configured by the k8s manifests', () => {
  const objects = renderOverlay('redis-cluster');
  const clusterConfig = configMapData(objects, 'gsm-redis-cluster-config');
  const scripts = { ...configMapData(objects, 'gsm-redis-scripts'), ...clusterConfig };
  const nodes: (RedisNodeFiles & { changed: number })[] = [];
  const servers: LocalProcess[] = [];
  const admins: IORedis[] = [];
  let seeds: string;
  let createScript: string;

  const createCluster = () =>
    run('sh', [createScript], {
      env: { PATH: process.env.PATH, REDIS_ADMIN_PASSWORD: ADMIN_PASSWORD, REDIS_CLUSTER_NODES: seeds, REDIS_CLUSTER_REPLICAS: '1', REDIS_WAIT_SECONDS: '1' },
    });

  beforeAll(async () => {
    const ports: number[] = [];
    while (ports.length < 6) {
      const port = await freePort();
      // The cluster bus listens on port + 10000.
      if (port + 10000 < 65536 && !ports.includes(port)) ports.push(port);
    }
    for (const port of ports) {
      const node = layOutRedisNode(clusterConfig['redis.conf'], scripts, port);
      // The init container, as the StatefulSet runs it for the cluster: the app is `default`, replicas use `replication`.
      await renderAcl(node, { REDIS_APP_USER: 'default', REDIS_APP_PASSWORD: APP_PASSWORD, REDIS_ADMIN_PASSWORD: ADMIN_PASSWORD, REDIS_REPLICATION_PASSWORD: REPLICATION_PASSWORD });
      nodes.push(node);
    }
    // The container command: start-node.sh <redis.conf> --cluster-announce-ip $(POD_IP).
    servers.push(
      ...(await Promise.all(
        nodes.map((node) =>
          startRedisNode(node, ['sh', join(node.scripts, 'start-node.sh'), node.conf, '--cluster-announce-ip', '127.0.0.1'], { REDIS_DATA_DIR: node.data, REDIS_CLUSTER_PEERS: '' }),
        ),
      )),
    );
    for (const node of nodes) {
      const admin = new IORedis({ port: node.port, username: 'admin', password: ADMIN_PASSWORD, lazyConnect: true, maxRetriesPerRequest: 1 });
      await admin.connect();
      admins.push(admin);
    }
    seeds = ports.map((p) => `127.0.0.1:${p}`).join(',');
    createScript = join(nodes[0].scripts, 'create-cluster.sh');
  });

  afterAll(async () => {
    admins.forEach((a) => a.disconnect());
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('boots every node from the ConfigMap redis.conf with only bind, port and container paths adjusted', () => {
    // bind, port, dir, cluster-config-file, aclfile, include.
    for (const node of nodes) expect(node.changed).toBe(6);
  });

  it('forms 3 masters with one authenticated replica each, using the Job\'s script; a second run changes nothing', async () => {
    const { stdout } = await createCluster();
    expect(stdout).toContain('cluster formed');
    for (const admin of admins) {
      await waitFor('cluster_state:ok', async () => ((await admin.cluster('INFO')) as string).includes('cluster_state:ok'));
    }
    const roles = await Promise.all(admins.map(async (a) => ((await a.call('ROLE')) as string[])[0]));
    expect(roles.filter((r) => r === 'master')).toHaveLength(3);
    expect(roles.filter((r) => r === 'slave')).toHaveLength(3);
    // Replicas sync as the `replication` user with masterauth from the rendered include.
    for (const [i, admin] of admins.entries()) {
      if (roles[i] !== 'slave') continue;
      await waitFor('replica link up', async () => ((await admin.info('replication')) as string).includes('master_link_status:up'));
    }
    const again = await createCluster();
    expect(again.stdout).toContain('already form a cluster');
    expect(again.stdout).toContain('All 16384 slots covered');
  });

  it('puts the memory, persistence and cluster settings in force on every node', async () => {
    for (const admin of admins) {
      const get = async (name: string) => ((await admin.config('GET', name)) as string[])[1];
      expect(await get('maxmemory-policy')).toBe('noeviction');
      expect(await get('appendonly')).toBe('yes');
      expect(await get('appendfsync')).toBe('everysec');
      expect(await get('cluster-enabled')).toBe('yes');
      expect(await get('masteruser')).toBe('replication');
    }
  });

  it('lets the app (password-only cluster client) work across slots but not run dangerous commands', async () => {
    const app = new Cluster(seeds.split(',').map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })), { redisOptions: { password: APP_PASSWORD } });
    try {
      for (let i = 0; i < 30; i++) await app.hset(`player:{acl-${i}}:state`, { state: 'idle' });
      expect(await app.eval("return redis.call('HGET', KEYS[1], 'state')", 1, 'player:{acl-7}:state')).toBe('idle');
      const master = app.nodes('master')[0];
      await expect(master.flushall()).rejects.toThrow(/NOPERM/);
      await expect(master.call('CLUSTER', 'RESET')).rejects.toThrow(/NOPERM/);
      await expect(master.call('CLUSTER', 'FORGET', 'x')).rejects.toThrow(/NOPERM/);
      await expect(master.config('SET', 'maxmemory', '0')).rejects.toThrow(/NOPERM/);
      await expect(master.keys('*')).rejects.toThrow(/NOPERM/);
    } finally {
      app.disconnect();
    }
    const anonymous = new IORedis({ port: nodes[0].port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
    await anonymous.connect();
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();
  });

  describe('with the app configured as the overlay configures it (REDIS_CLUSTER_NODES + REDIS_PASSWORD)', () => {
    let t: TestApp;

    beforeAll(async () => {
      await Promise.all(admins.map((a) => a.call('ACL', 'LOG', 'RESET')));
      t = await startTestApp({ env: { REDIS_CLUSTER_NODES: seeds, REDIS_PASSWORD: APP_PASSWORD } });
    });

    afterAll(() => t?.close());

    it('serves, and no node refused the app a command', async () => {
      await t.http.get('/health/ready').expect(200);
      const username = `k_${Date.now()}`;
      await t.http.post('/api/v1/auth/register').send({ username, password: 'cluster-password-1' }).expect(201);
      await t.http.post('/api/v1/auth/login').send({ username, password: 'cluster-password-1' }).expect(200);
      for (const admin of admins) expect(await admin.call('ACL', 'LOG')).toEqual([]);
    });
  });
});

describe('start-node.sh (Redis Cluster pod start-up)', () => {
  it('moves every peer to its current IP in nodes.conf, keeping the last known address of unresolvable peers', async () => {
    const script = configMapData(renderOverlay('redis-cluster'), 'gsm-redis-cluster-config')['start-node.sh'];
    const root = mkdtempSync(join(tmpdir(), 'gsm-start-node-'));
    const [data, bin] = [join(root, 'data'), join(root, 'bin')];
    mkdirSync(data);
    mkdirSync(bin);
    writeFileSync(join(root, 'start-node.sh'), script);
    // The pods came back with n0 and n1 swapping IPs; n2 is not scheduled yet.
    writeFileSync(join(bin, 'getent'), '#!/bin/sh\ncase "$2" in n0) echo "10.0.0.2 n0" ;; n1) echo "10.0.0.1 n1" ;; *) exit 2 ;; esac\n');
    writeFileSync(join(bin, 'redis-server'), `#!/bin/sh\necho "$@" > ${join(root, 'redis-args')}\n`);
    chmodSync(join(bin, 'getent'), 0o755);
    chmodSync(join(bin, 'redis-server'), 0o755);
    writeFileSync(join(data, 'peer-ips'), 'n0 10.0.0.1\nn1 10.0.0.2\nn2 10.0.0.3\n');
    writeFileSync(
      join(data, 'nodes.conf'),
      [
        'aaa 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-5460',
        'bbb 10.0.0.2:6379@16379 master - 0 0 2 connected 5461-10922',
        'ccc 10.0.0.3:6379@16379 master - 0 0 3 connected 10923-16383',
        'vars currentEpoch 3 lastVoteEpoch 0',
        '',
      ].join('\n'),
    );

    await run('sh', [join(root, 'start-node.sh'), '/etc/redis/redis.conf', '--cluster-announce-ip', '10.0.0.2'], {
      env: { PATH: `${bin}:${process.env.PATH}`, REDIS_DATA_DIR: data, REDIS_CLUSTER_PEERS: 'n0 n1 n2' },
    });

    expect(readFileSync(join(data, 'nodes.conf'), 'utf8').split('\n').slice(0, 3)).toEqual([
      'aaa 10.0.0.2:6379@16379 myself,master - 0 0 1 connected 0-5460',
      'bbb 10.0.0.1:6379@16379 master - 0 0 2 connected 5461-10922',
      'ccc 10.0.0.3:6379@16379 master - 0 0 3 connected 10923-16383',
    ]);
    expect(readFileSync(join(data, 'peer-ips'), 'utf8')).toBe('n0 10.0.0.2\nn1 10.0.0.1\nn2 10.0.0.3\n');
    // Then it becomes redis-server with the container's arguments.
    expect(readFileSync(join(root, 'redis-args'), 'utf8').trim()).toBe('/etc/redis/redis.conf --cluster-announce-ip 10.0.0.2');
  });
});
