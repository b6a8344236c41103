import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './redis.tokens';

interface LuaScript {
  lua: string;
  sha: string;
  /** Keys every call passes at least (a script may take optional keys after them). */
  numberOfKeys: number;
}

/** The scripts registered on each client, by name. */
const registered = new WeakMap<RedisClient, Map<string, LuaScript>>();

/**
 * Registers a Lua script file under `name` on the client. Scripts live beside the code that calls them, as `<name>.lua`.
 * `numberOfKeys` is what every call passes at least; a call may pass more (a script's optional keys), and EVALSHA is
 * told the number it was given.
 *
 * Calls are plain EVALSHA commands, not ioredis `defineCommand` commands: a defined command sent in a pipeline sees each
 * pipeline as a new connection and sends the whole script text with EVAL every time (and every pipeline copies every
 * defined command onto itself), while an EVALSHA is batched like any other command (`batchWrites`).
 */
export function defineLuaCommand(client: RedisClient, dir: string, name: string, numberOfKeys: number): void {
  let scripts = registered.get(client);
  if (!scripts) registered.set(client, (scripts = new Map()));
  if (scripts.has(name)) return;
  const lua = readFileSync(join(dir, `${name}.lua`), 'utf8');
  scripts.set(name, { lua, sha: createHash('sha1').update(lua).digest('hex'), numberOfKeys });
}

/**
 * Calls a script registered with `defineLuaCommand`: EVALSHA, and EVAL when the node does not know the script yet (a
 * restarted Redis, a new cluster node, a flushed script cache); EVAL also caches it there for the next EVALSHA.
 */
export function callLua<T>(client: RedisClient, name: string, keys: string[], args: (string | number)[]): Promise<T> {
  const script = registered.get(client)?.get(name);
  if (!script) throw new Error(`Lua command ${name} is not defined`);
  if (keys.length < script.numberOfKeys) throw new Error(`Lua command ${name} takes at least ${script.numberOfKeys} keys`);
  const rest = [...keys, ...args];
  return (client.evalsha(script.sha, keys.length, ...rest) as Promise<T>).catch((error: unknown) =>
    isNoScript(error) ? (client.eval(script.lua, keys.length, ...rest) as Promise<T>) : Promise.reject(error),
  );
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
