import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis, { Cluster } from 'ioredis';
import { freePort, LocalProcess } from '@libs/dev-services';
import { keys } from '@libs/redis';
import { parseRefreshToken } from '../../apps/api/src/auth/refresh-token';
import { startTestApp, TestApp } from '../harness/test-app';
import { createPlayer, serverAuth, TestPlayer } from '../support/players';
import { configMapData, K8sObject, renderOverlay } from './kustomize';
import { layOutRedisNode, renderAcl, RedisNodeFiles, run, startRedisNode, waitFor } from './redis-from-manifests';

const APP_PASSWORD = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ADMIN_PASSWORD = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const REPLICATION_PASSWORD = '55aa55aa55aa55aa55aa55aa55aa55aa';

/** A plain `value` env variable of a container, as the rendered manifests set it. */
function envValue(objects: K8sObject[], kind: string, name: string, container: string, variable: string): string {
  const spec = objects.find((o) => o.kind === kind && o.metadata.name === name)!.spec.template.spec;
  const c = [...(spec.initContainers ?? []), ...spec.containers].find((c: { name: string }) => c.name === container);
  const value = c?.env?.find((e: { name: string }) => e.name === variable)?.value;
  if (typeof value !== 'string') throw new Error(`${kind}/${name}/${container} sets no ${variable}`);
  return value;
}

const crash = async (server: LocalProcess) => {
  server.child.kill('SIGKILL');
  if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((resolve) => server.child.once('exit', resolve));
};

/** The 6-node Redis Cluster of k8s/overlays/redis-cluster, run locally from its ConfigMaps and formed by its Job's script. */
describe('Redis Cluster configured by the k8s manifests', () => {
  const objects = renderOverlay('redis-cluster');
  const clusterConfig = configMapData(objects, 'gsm-redis-cluster-config');
  const scripts = { ...configMapData(objects, 'gsm-redis-scripts'), ...clusterConfig };
  // The user the StatefulSet's init container renders, and the one the app Deployments connect as.
  const aclAppUser = envValue(objects, 'StatefulSet', 'gsm-redis-cluster', 'render-acl', 'REDIS_APP_USER');
  const appUsername = envValue(objects, 'Deployment', 'gsm-api', 'api', 'REDIS_USERNAME');
  const nodes: (RedisNodeFiles & { changed: number })[] = [];
  const servers: LocalProcess[] = [];
  let admins: IORedis[] = [];
  let seeds: string;
  let createScript: string;

  const adminOf = (port: number) => new IORedis({ port, username: 'admin', password: ADMIN_PASSWORD, lazyConnect: true, maxRetriesPerRequest: 1 });
  const connectAll = async () => {
    admins = nodes.map((node) => adminOf(node.port));
    await Promise.all(admins.map((a) => a.connect()));
  };
  const startNode = (node: RedisNodeFiles) =>
    // The container command: start-node.sh <redis.conf> --cluster-announce-ip $(POD_IP).
    startRedisNode(node, ['sh', join(node.scripts, 'start-node.sh'), node.conf, '--cluster-announce-ip', '127.0.0.1'], { REDIS_DATA_DIR: node.data, REDIS_CLUSTER_PEERS: '' });
  const masters = async () => {
    const roles = await Promise.all(admins.map(async (a) => ((await a.call('ROLE')) as string[])[0]));
    return admins.filter((_, i) => roles[i] === 'master');
  };
  const appOn = (port: number) =>
    new IORedis({ port, username: appUsername, password: APP_PASSWORD, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
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
      // The init container, as the StatefulSet runs it: the app user from the manifest, replicas use `replication`.
      await renderAcl(node, { REDIS_APP_USER: aclAppUser, REDIS_APP_PASSWORD: APP_PASSWORD, REDIS_ADMIN_PASSWORD: ADMIN_PASSWORD, REDIS_REPLICATION_PASSWORD: REPLICATION_PASSWORD });
      nodes.push(node);
    }
    servers.push(...(await Promise.all(nodes.map(startNode))));
    await connectAll();
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

  it('gives the app a user of its own and keeps `default` unrestricted behind the admin password', async () => {
    expect([aclAppUser, appUsername]).toEqual(['app', 'app']);
    for (const node of nodes) {
      const acl = readFileSync(join(node.run, 'users.acl'), 'utf8');
      for (const password of [APP_PASSWORD, ADMIN_PASSWORD, REPLICATION_PASSWORD]) expect(acl).not.toContain(password);
      expect(acl).toMatch(/^user app on #[0-9a-f]{64} /m);
    }
    for (const admin of admins) {
      // Full rights: the AOF replays every MULTI/EXEC block as `default` (redis/redis#14541).
      expect(await admin.call('ACL', 'DRYRUN', 'default', 'FLUSHALL')).toBe('OK');
      expect(await admin.call('ACL', 'DRYRUN', 'default', 'CLUSTER', 'RESET')).toBe('OK');
    }
    const anonymous = new IORedis({ port: nodes[0].port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
    await anonymous.connect();
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    // A password-only client (what the app sent before REDIS_USERNAME) is `default`, which takes the admin password.
    await expect(anonymous.call('AUTH', APP_PASSWORD)).rejects.toThrow(/WRONGPASS/);
    expect(await anonymous.call('AUTH', ADMIN_PASSWORD)).toBe('OK');
    anonymous.disconnect();
  });

  it('refuses to render the app as the `default` (or another built-in) user', async () => {
    for (const user of ['default', 'admin', 'replication']) {
      await expect(renderAcl(nodes[0], { REDIS_APP_USER: user, REDIS_APP_PASSWORD: APP_PASSWORD, REDIS_ADMIN_PASSWORD: ADMIN_PASSWORD })).rejects.toThrow(
        /REDIS_APP_USER must not be/,
      );
    }
    // The node's rendered file was left as it was.
    expect(readFileSync(join(nodes[0].run, 'users.acl'), 'utf8')).toMatch(/^user app on /m);
  });

  it('lets the app user follow the slot map and work across slots, with scripts and INFO', async () => {
    await Promise.all(admins.map((a) => a.call('ACL', 'LOG', 'RESET')));
    const app = new Cluster(seeds.split(',').map((s) => ({ host: '127.0.0.1', port: Number(s.split(':')[1]) })), {
      redisOptions: { username: appUsername, password: APP_PASSWORD },
    });
    try {
      const keysUsed = Array.from({ length: 30 }, (_, i) => `player:{acl-${i}}:state`);
      for (const key of keysUsed) await app.hset(key, { state: 'idle' });
      expect(await app.eval("return redis.call('HGET', KEYS[1], 'state')", 1, 'player:{acl-7}:state')).toBe('idle');
      for (const key of keysUsed) await app.del(key);
    } finally {
      app.disconnect();
    }
    // Per node, the commands a cluster client sends besides the data commands.
    for (const node of nodes) {
      const direct = appOn(node.port);
      await direct.connect();
      try {
        expect(await direct.call('ACL', 'WHOAMI')).toBe('app');
        expect(((await direct.call('CLUSTER', 'SLOTS')) as unknown[]).length).toBe(3);
        expect(((await direct.call('CLUSTER', 'SHARDS')) as unknown[]).length).toBe(3);
        expect(await direct.call('CLUSTER', 'INFO')).toContain('cluster_state:ok');
        expect(((await direct.call('CLUSTER', 'NODES')) as string).trim().split('\n')).toHaveLength(6);
        expect(await direct.call('READONLY')).toBe('OK');
        expect(await direct.call('READWRITE')).toBe('OK');
        expect(await direct.call('ASKING')).toBe('OK');
        expect(await direct.info('replication')).toContain('role:');
        const sha = (await direct.script('LOAD', "return redis.call('PING')")) as string;
        expect(await direct.evalsha(sha, 0)).toBe('PONG');
      } finally {
        direct.disconnect();
      }
    }
    for (const admin of admins) expect(await admin.call('ACL', 'LOG')).toEqual([]);
  });

  it('denies the app user the dangerous commands, cluster administration included', async () => {
    const [master] = await masters();
    const app = appOn(Number(master.options.port));
    await app.connect();
    try {
      await expect(app.flushall()).rejects.toThrow(/NOPERM/);
      await expect(app.flushdb()).rejects.toThrow(/NOPERM/);
      await expect(app.keys('*')).rejects.toThrow(/NOPERM/);
      await expect(app.config('SET', 'maxmemory', '0')).rejects.toThrow(/NOPERM/);
      await expect(app.call('CLUSTER', 'RESET')).rejects.toThrow(/NOPERM/);
      await expect(app.call('CLUSTER', 'FORGET', 'x')).rejects.toThrow(/NOPERM/);
      await expect(app.call('CLUSTER', 'FAILOVER')).rejects.toThrow(/NOPERM/);
      await expect(app.call('CLUSTER', 'MEET', '127.0.0.1', '1')).rejects.toThrow(/NOPERM/);
      await expect(app.call('CLUSTER', 'SETSLOT', '0', 'STABLE')).rejects.toThrow(/NOPERM/);
      await expect(app.call('SHUTDOWN', 'NOSAVE')).rejects.toThrow(/NOPERM/);
      await expect(app.call('ACL', 'SETUSER', 'app', 'on', '+@all')).rejects.toThrow(/NOPERM/);
      await expect(app.call('SCRIPT', 'FLUSH')).rejects.toThrow(/NOPERM/);
      await expect(app.call('FUNCTION', 'FLUSH')).rejects.toThrow(/NOPERM/);
      await expect(app.call('REPLICAOF', '127.0.0.1', '1')).rejects.toThrow(/NOPERM/);
      await expect(app.call('MIGRATE', '127.0.0.1', '1', 'k', '0', '10')).rejects.toThrow(/NOPERM/);
    } finally {
      app.disconnect();
    }
    // DEBUG is also off server-wide (enable-debug-command no), so ask the ACL directly.
    expect(await master.call('ACL', 'DRYRUN', 'app', 'DEBUG', 'SLEEP', '0')).toMatch(/no permissions/);
    expect(await master.call('ACL', 'DRYRUN', 'app', 'MONITOR')).toMatch(/no permissions/);
    expect(await master.call('ACL', 'DRYRUN', 'app', 'CLIENT', 'KILL', 'ID', '1')).toMatch(/no permissions/);
  });

  describe('with the app configured as the overlay configures it (REDIS_CLUSTER_NODES + REDIS_USERNAME + REDIS_PASSWORD)', () => {
    let t: TestApp;
    let a: TestPlayer;
    let b: TestPlayer;
    let sessionId: string;
    let refreshToken: string;

    /** The hot state the requests below leave in Redis, read through a cluster client as admin. */
    const hot = async () => {
      const admin = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), { redisOptions: { username: 'admin', password: ADMIN_PASSWORD } });
      try {
        return {
          session: await admin.hgetall(keys.session(sessionId)),
          players: await Promise.all([a, b].map(async (p) => [await admin.hgetall(keys.playerState(p.id)), await admin.hgetall(keys.playerStats(p.id))])),
          refresh: await admin.hgetall(keys.refreshFamily(parseRefreshToken(refreshToken)!.familyId)),
        };
      } finally {
        admin.disconnect();
      }
    };
    /** The port of the master serving a key's slot. */
    const masterOf = async (key: string) => {
      const slot = (await admins[0].cluster('KEYSLOT', key)) as number;
      const ranges = (await admins[0].cluster('SLOTS')) as unknown as [number, number, [string, number]][];
      return ranges.find(([from, to]) => slot >= from && slot <= to)![2][1];
    };

    beforeAll(async () => {
      // Forget the denials provoked above: from here on, any entry is a command the app needed and was refused.
      await Promise.all(admins.map((a) => a.call('ACL', 'LOG', 'RESET')));
      t = await startTestApp({ env: { REDIS_CLUSTER_NODES: seeds, REDIS_USERNAME: appUsername, REDIS_PASSWORD: APP_PASSWORD } });
    });

    afterAll(() => t?.close());

    it('serves cross-slot requests as the app user, and no node refused it a command', async () => {
      await t.http.get('/health/ready').expect(200);
      // Two players whose keys live on different masters, so that creating their session spans nodes.
      a = await createPlayer(t);
      const homeOfA = await masterOf(keys.playerState(a.id));
      for (let i = 0; i < 12; i++) {
        b = await createPlayer(t);
        if ((await masterOf(keys.playerState(b.id))) !== homeOfA) break;
      }
      expect(await masterOf(keys.playerState(b.id))).not.toBe(homeOfA);
      const login = await t.http.post('/api/v1/auth/login').send({ username: a.username, password: a.password }).expect(200);
      refreshToken = login.body.refresh_token;
      const created = await t.http
        .post('/api/v1/sessions/create')
        .set(serverAuth(t))
        .send({ player_ids: [a.id, b.id], state: { map: 'dust', round: 3 } })
        .expect(201);
      sessionId = created.body.session_id;
      const read = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(serverAuth(t)).expect(200);
      expect(read.body.state).toEqual({ map: 'dust', round: 3 });
      expect(read.body.players.map((p: { player_id: string }) => p.player_id).sort()).toEqual([a.id, b.id].sort());
      const state = await hot();
      expect(state.players.map(([s]) => s.state)).toEqual(['in_session', 'in_session']);

      for (const admin of admins) expect(await admin.call('ACL', 'LOG')).toEqual([]);
      // Every client connection on the nodes is the app, an operator or replication (a replica's master link is
      // listed as `(superuser)`): nobody works as `default`.
      const users = new Set<string>();
      for (const admin of admins) {
        const clients = (await admin.client('LIST')) as string;
        for (const [, user] of clients.matchAll(/ user=(\S+)/g)) users.add(user);
      }
      expect(users).toContain('app');
      expect([...users].filter((u) => !['app', 'admin', 'replication', '(superuser)'].includes(u))).toEqual([]);
    });

    it('keeps what the app wrote (its transactions and script effects) across a crash of every node (AOF)', async () => {
      const before = await hot();
      expect(Object.keys(before.session).length).toBeGreaterThan(0);
      expect(Object.keys(before.refresh).length).toBeGreaterThan(0);

      // appendfsync everysec: let one fsync pass, then kill every node with no chance to save anything on the way out.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      admins.forEach((a) => a.disconnect());
      await Promise.all(servers.map(crash));
      await waitFor('readiness to report Redis down', async () => (await t.http.get('/health/ready')).status === 503);

      // The pods come back on the same volumes; with appendonly yes each node loads its AOF (never dump.rdb).
      servers.splice(0, servers.length, ...(await Promise.all(nodes.map(startNode))));
      await connectAll();
      for (const admin of admins) {
        await waitFor('cluster_state:ok after the restart', async () => ((await admin.cluster('INFO')) as string).includes('cluster_state:ok'));
      }
      expect(await hot()).toEqual(before);

      await waitFor('the app to reconnect', async () => (await t.http.get('/health/ready')).status === 200);
      const state = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(serverAuth(t)).expect(200);
      expect(state.body.state).toEqual({ map: 'dust', round: 3 });
      // The refresh-token family was written in a MULTI/EXEC block by `app`: the token still rotates.
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: refreshToken }).expect(200);
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
