import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalProcess } from '@libs/dev-services';

export const run = promisify(execFile);

/** The files a Redis pod gets from its ConfigMaps, written to a private directory as the pod would see them. */
export interface RedisNodeFiles {
  root: string;
  data: string;
  run: string;
  scripts: string;
  conf: string;
  port: number;
}

/**
 * Rewrites the container paths and address of a redis.conf taken from a ConfigMap for a local run: the data dir
 * (the PVC), the rendered-files dir (/run/redis), the port and the bind address. Nothing else changes; the
 * number of lines changed is returned so a test can insist that no adjustment silently missed.
 */
export function adjustRedisConf(conf: string, files: Omit<RedisNodeFiles, 'conf' | 'root' | 'scripts'>): { conf: string; changed: number } {
  const lines = conf.split('\n');
  const adjusted = lines.map((line) =>
    line
      .replace(/^bind .*$/, 'bind 127.0.0.1')
      .replace(/^port 6379$/, `port ${files.port}`)
      .replace(/^dir \/data$/, `dir ${files.data}`)
      .replace(/^cluster-config-file \/data\//, `cluster-config-file ${files.data}/`)
      .replace(/^(aclfile|include) \/run\/redis\//, `$1 ${files.run}/`),
  );
  return { conf: adjusted.join('\n'), changed: adjusted.filter((line, i) => line !== lines[i]).length };
}

/** Lays out one node: adjusted redis.conf, the scripts ConfigMap's files, empty data and run dirs. */
export function layOutRedisNode(conf: string, scripts: Record<string, string>, port: number): RedisNodeFiles & { changed: number } {
  const root = mkdtempSync(join(tmpdir(), 'gsm-k8s-redis-'));
  const files = { root, data: join(root, 'data'), run: join(root, 'run'), scripts: join(root, 'scripts'), port };
  for (const dir of [files.data, files.run, files.scripts]) mkdirSync(dir);
  for (const [name, text] of Object.entries(scripts)) writeFileSync(join(files.scripts, name), text);
  const adjusted = adjustRedisConf(conf, files);
  const confPath = join(root, 'redis.conf');
  writeFileSync(confPath, adjusted.conf);
  return { ...files, conf: confPath, changed: adjusted.changed };
}

/** Runs render-acl.sh exactly as the pod's init container does (same script, same environment variables). */
export async function renderAcl(node: RedisNodeFiles, env: Record<string, string>): Promise<string> {
  const { stdout } = await run('sh', [join(node.scripts, 'render-acl.sh'), join(node.run, 'users.acl')], { env: { PATH: process.env.PATH, ...env } });
  return stdout;
}

export function startRedisNode(node: RedisNodeFiles, command: string[] = ['redis-server', node.conf], env: Record<string, string> = {}): Promise<LocalProcess> {
  // The pod's environment variables, passed through env(1): LocalProcess spawns with this process's environment.
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  return LocalProcess.start(`redis-server:${node.port}`, 'env', [...assignments, ...command], /Ready to accept connections/);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
