import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
/** Every request and response body of the API by schema name, e.g. `Schemas['QueueStatusDto']`. */
export type Schemas = components['schemas'];
export type GameClient = Client<paths>;

export interface GameClientOptions {
  /** Where the service is reached, e.g. `https://games.example.net` (no trailing slash). */
  baseUrl: string;
  /** A player's access token (or a function returning the current one, for clients that refresh). */
  accessToken?: string | (() => string | null | undefined);
  /** The deployment's GAME_SERVER_KEY, for game servers: calls then act as the game server. */
  serverKey?: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed client for the Game Session Manager API: `client.POST('/api/v1/queue/join', { body: {} })` returns
 * `{ data, error, response }` with `data` and `error` typed from the OpenAPI document (libs/client/openapi.json).
 */
export function createGameClient(options: GameClientOptions): GameClient {
  const client = createFetchClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  client.use({
    onRequest({ request }) {
      const token = typeof options.accessToken === 'function' ? options.accessToken() : options.accessToken;
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      if (options.serverKey) request.headers.set('x-server-key', options.serverKey);
      return request;
    },
  });
  return client;
}
