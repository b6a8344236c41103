import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import { freePort, LocalProcess } from '@libs/dev-services';
import { keys } from '@libs/redis';
import { startTestApp, TestApp } from '../harness/test-app';
import { createPlayer, serverAuth } from '../support/players';
import { configMapData, REPO_ROOT, renderOverlay } from './kustomize';
import { layOutRedisNode, renderAcl, RedisNodeFiles, startRedisNode, waitFor } from './redis-from-manifests';

const run = promisify(execFile);
const APP_PASSWORD = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const ADMIN_PASSWORD = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5';

/** The standalone Redis of k8s/overlays/standalone-redis, booted from its ConfigMaps with only paths and port changed. */
describe('Redis configured by the k8s manifests (standalone)', () => {
  const objects = renderOverlay('standalone-redis');
  const conf = configMapData(objects, 'gsm-redis-config')['redis.conf'];
  const scripts = configMapData(objects, 'gsm-redis-scripts');
  let node: RedisNodeFiles & { changed: number };
  let redis: LocalProcess;
  let admin: IORedis;
  let app: IORedis;

  const connect = (username: string, password: string, port = node.port) =>
    new IORedis({ host: '127.0.0.1', port, username, password, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });

  beforeAll(async () => {
    node = layOutRedisNode(conf, scripts, await freePort());
    // The pod's init container: the same script with the Secret's values in its environment.
    await renderAcl(node, { REDIS_APP_USER: 'app', REDIS_APP_PASSWORD: APP_PASSWORD, REDIS_ADMIN_PASSWORD: ADMIN_PASSWORD });
    redis = await startRedisNode(node);
    admin = connect('admin', ADMIN_PASSWORD);
    app = connect('app', APP_PASSWORD);
    await Promise.all([admin.connect(), app.connect()]);
  });

  afterAll(async () => {
    admin?.disconnect();
    app?.disconnect();
    await redis?.stop();
  });

  it('boots from the ConfigMap redis.conf with only bind, port and the two container paths adjusted', () => {
    // bind, port, dir, aclfile.
    expect(node.changed).toBe(4);
  });

  it('puts the memory, persistence and network settings in force (CONFIG GET as admin)', async () => {
    const get = async (name: string) => ((await admin.config('GET', name)) as string[])[1];
    expect(await get('maxmemory')).toBe(String(1024 ** 3));
    expect(await get('maxmemory-policy')).toBe('noeviction');
    expect(await get('appendonly')).toBe('yes');
    expect(await get('appendfsync')).toBe('everysec');
    expect(await get('save')).toBe('3600 1 300 100 60 10000');
    expect(await get('protected-mode')).toBe('yes');
    expect(await get('dir')).toBe(node.data);
    expect(await get('aclfile')).toBe(join(node.run, 'users.acl'));
  });

  it('keeps password hashes, never passwords, in the rendered ACL file', () => {
    const acl = readFileSync(join(node.run, 'users.acl'), 'utf8');
    expect(acl).not.toContain(APP_PASSWORD);
    expect(acl).not.toContain(ADMIN_PASSWORD);
    expect(acl).toMatch(/^user app on #[0-9a-f]{64} /m);
  });

  it('guards the default user with the admin password: a client without credentials can do nothing', async () => {
    const anonymous = new IORedis({ port: node.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableReadyCheck: false });
    await anonymous.connect();
    await expect(anonymous.set('k', 'v')).rejects.toThrow(/NOAUTH/);
    await expect(anonymous.call('AUTH', 'anything')).rejects.toThrow(/WRONGPASS/);
    await expect(anonymous.call('AUTH', APP_PASSWORD)).rejects.toThrow(/WRONGPASS/);
    expect(await anonymous.call('AUTH', ADMIN_PASSWORD)).toBe('OK');
    anonymous.disconnect();
  });

  it('denies the app user the dangerous commands', async () => {
    await expect(app.flushall()).rejects.toThrow(/NOPERM/);
    await expect(app.flushdb()).rejects.toThrow(/NOPERM/);
    await expect(app.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(app.config('GET', 'maxmemory')).rejects.toThrow(/NOPERM/);
    // DEBUG is also off server-wide (enable-debug-command no), so ask the ACL directly.
    expect(await admin.call('ACL', 'DRYRUN', 'app', 'DEBUG', 'SLEEP', '0')).toMatch(/no permissions/);
    expect(await admin.call('ACL', 'DRYRUN', 'app', 'MONITOR')).toMatch(/no permissions/);
    expect(await admin.call('ACL', 'DRYRUN', 'app', 'CLIENT', 'KILL', 'ID', '1')).toMatch(/no permissions/);
    await expect(app.call('SHUTDOWN', 'NOSAVE')).rejects.toThrow(/NOPERM/);
    await expect(app.call('ACL', 'SETUSER', 'app', 'on', '+@all')).rejects.toThrow(/NOPERM/);
    await expect(app.call('SCRIPT', 'FLUSH')).rejects.toThrow(/NOPERM/);
    await expect(app.call('FUNCTION', 'FLUSH')).rejects.toThrow(/NOPERM/);
    await expect(app.call('REPLICAOF', '127.0.0.1', '1')).rejects.toThrow(/NOPERM/);
  });

  it('lets the app user run what the service needs (hashes, sorted sets, TTLs, Lua, INFO)', async () => {
    const key = `player:{${'e'.repeat(24)}}:state`;
    expect(await app.hset(key, { state: 'idle' })).toBe(1);
    expect(await app.zadd('queue:{acl}:ratings', 1200, 'p1')).toBe(1);
    expect(await app.set('lease:{acl}', 'x', 'PX', 1000, 'NX')).toBe('OK');
    expect(await app.eval("return redis.call('HGET', KEYS[1], 'state')", 1, key)).toBe('idle');
    const sha = (await app.script('LOAD', 'return 7')) as string;
    expect(await app.evalsha(sha, 0)).toBe(7);
    expect(await app.info('server')).toContain('redis_version');
    expect(await app.ping()).toBe('PONG');
    await app.del(key, 'queue:{acl}:ratings', 'lease:{acl}');
  });

  it('answers the pod probes (probe.sh) only with the right credentials', async () => {
    const probe = (mode: string, password: string) =>
      run('sh', [join(node.scripts, 'probe.sh'), mode], { env: { PATH: process.env.PATH, REDIS_APP_USER: 'app', REDIS_APP_PASSWORD: password, REDIS_PORT: String(node.port) } });
    await expect(probe('ready', APP_PASSWORD)).resolves.toBeDefined();
    await expect(probe('live', APP_PASSWORD)).resolves.toBeDefined();
    await expect(probe('ready', 'wrong')).rejects.toThrow();
  });

  describe('with the app connected as the ACL user', () => {
    let t: TestApp;

    beforeAll(async () => {
      // Forget the denials provoked above: from here on, any entry is a command the app needed and was refused.
      await admin.call('ACL', 'LOG', 'RESET');
      t = await startTestApp({ env: { REDIS_URL: `redis://app:${APP_PASSWORD}@127.0.0.1:${node.port}` } });
    });

    afterAll(() => t?.close());

    it('serves, and the Dockerfile HEALTHCHECK command passes against it', async () => {
      await t.http.get('/health/ready').expect(200);
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as { port: number }).port;
      const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
      const [, command] = /^HEALTHCHECK .*? CMD (\[.*\])$/m.exec(dockerfile)!;
      const [bin, ...args] = JSON.parse(command) as string[];
      await expect(run(bin, args, { env: { PATH: process.env.PATH, PORT: String(port) } })).resolves.toBeDefined();
      await expect(run(bin, args, { env: { PATH: process.env.PATH, PORT: String(await freePort()) } })).rejects.toThrow();
    });

    it('keeps a session written through the app across a Redis crash (AOF), and the app never hit a denied command', async () => {
      const [a, b] = [await createPlayer(t), await createPlayer(t)];
      const created = await t.http
        .post('/api/v1/sessions/create')
        .set(serverAuth(t))
        .send({ player_ids: [a.id, b.id], state: { map: 'dust', round: 3 } })
        .expect(201);
      const sessionId = created.body.session_id as string;
      const hot = async (client: IORedis) => ({
        session: await client.hgetall(keys.session(sessionId)),
        stateA: await client.hgetall(keys.playerState(a.id)),
        statsA: await client.hgetall(keys.playerStats(a.id)),
      });
      const before = await hot(admin);
      expect(Object.keys(before.session).length).toBeGreaterThan(0);
      expect(before.stateA.state).toBe('in_session');
      expect(Object.keys(before.statsA).length).toBeGreaterThan(0);
      expect(await admin.call('ACL', 'LOG')).toEqual([]);

      // appendfsync everysec: let one fsync pass, then crash Redis with no chance to save anything on the way out.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(existsSync(join(node.data, 'dump.rdb'))).toBe(false);
      expect(readdirSync(join(node.data, 'appendonlydir')).some((f) => f.endsWith('.incr.aof'))).toBe(true);
      admin.disconnect();
      app.disconnect();
      const crash = async (server: LocalProcess) => {
        server.child.kill('SIGKILL');
        if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((resolve) => server.child.once('exit', resolve));
      };
      await crash(redis);
      await waitFor('readiness to report Redis down', async () => (await t.http.get('/health/ready')).status === 503);

      // Look at what Redis recovered on a port the app does not know, so only Redis itself can have written it.
      const inspectPort = await freePort();
      const inspect = await startRedisNode(node, ['redis-server', node.conf, '--port', String(inspectPort)]);
      const inspector = connect('admin', ADMIN_PASSWORD, inspectPort);
      await inspector.connect();
      // Only the AOF can have brought the data back: no RDB snapshot was ever written.
      expect(existsSync(join(node.data, 'dump.rdb'))).toBe(false);
      expect(await hot(inspector)).toEqual(before);
      inspector.disconnect();
      await crash(inspect);

      redis = await startRedisNode(node);
      admin = connect('admin', ADMIN_PASSWORD);
      app = connect('app', APP_PASSWORD);
      await Promise.all([admin.connect(), app.connect()]);
      await waitFor('the app to reconnect', async () => (await t.http.get('/health/ready')).status === 200);
      const state = await t.http.get(`/api/v1/sessions/${sessionId}/state`).set(serverAuth(t)).expect(200);
      expect(state.body.state).toEqual({ map: 'dust', round: 3 });
      expect(state.body.players.map((p: { player_id: string }) => p.player_id).sort()).toEqual([a.id, b.id].sort());
      expect(await admin.call('ACL', 'LOG')).toEqual([]);
    });
  });
});
