import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, portIsFree } from './free-port';
import { startRedisServer } from './stand-ins';

const run = promisify(execFile);

export interface LocalRedisCluster {
  nodes: { host: string; port: number }[];
  stop(): Promise<void>;
}

/** Starts a real local Redis Cluster of `masters` masters (no replicas) on free loopback ports. */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const ports: number[] = [];
  while (ports.length < masters) {
    const port = await freePort();
    // The cluster bus listens on port + 10000, which must be free as well.
    if (port + 10000 < 65536 && !ports.includes(port) && (await portIsFree(port + 10000))) ports.push(port);
  }
  const servers = await Promise.all(
    ports.map((port) => startRedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000'], port)),
  );
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
  // Wait until every node agrees the cluster is up.
  for (const port of ports) {
    for (let attempt = 0; ; attempt++) {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      if (attempt > 100) throw new Error(`redis cluster node ${port} did not reach cluster_state:ok`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const processes = servers.map((s) => s.process);
  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}
