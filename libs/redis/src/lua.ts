import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './redis.tokens';

/**
 * Registers a Lua script file as a custom command on the client (EVALSHA with EVAL fallback, on every cluster node).
 * Scripts live beside the code that calls them, as `<name>.lua`.
 */
export function defineLuaCommand(client: RedisClient, dir: string, name: string, numberOfKeys: number): void {
  if ((client as unknown as Record<string, unknown>)[name]) return;
  client.defineCommand(name, { numberOfKeys, lua: readFileSync(join(dir, `${name}.lua`), 'utf8') });
}

/** Calls a command registered with `defineLuaCommand`. */
export function callLua<T>(client: RedisClient, name: string, keys: string[], args: (string | number)[]): Promise<T> {
  const command = (client as unknown as Record<string, (...a: (string | number)[]) => Promise<T>>)[name];
  if (!command) throw new Error(`Lua command ${name} is not defined`);
  return command.call(client, ...keys, ...args);
}
