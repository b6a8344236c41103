import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createGameClient, GameClientOptions } from '@libs/client';
import { startTestApp, TEST_SERVER_KEY, TestApp } from './harness/test-app';

/** libs/client (openapi-typescript types + openapi-fetch) against the real service over HTTP, one match end to end. */
describe('libs/client', () => {
  let t: TestApp;
  let baseUrl: string;
  const checked: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => t.close());

  /** Every answer the client receives is also held to the OpenAPI document, like supertest's in the harness. */
  const client = (options: Omit<GameClientOptions, 'baseUrl'> = {}) =>
    createGameClient({
      baseUrl,
      ...options,
      fetch: async (request) => {
        const response = await fetch(request);
        const text = await response.clone().text();
        t.contract.check(request.method, request.url, {
          status: response.status,
          headers: Object.fromEntries(response.headers.entries()),
          text,
          body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined,
        });
        checked.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
        return response;
      },
    });

  it('registers, logs in, matches two players, and reports and reads the result with typed calls', async () => {
    const api = client();
    const password = 'correct-horse-battery';
    const players = await Promise.all(
      ['a', 'b'].map(async (tag) => {
        const username = `cli_${tag}_${randomBytes(4).toString('hex')}`;
        const { data: registered, response } = await api.POST('/api/v1/auth/register', { body: { username, password } });
        expect(response.status).toBe(201);
        const { data: tokens } = await api.POST('/api/v1/auth/login', { body: { username, password } });
        expect(tokens!.token_type).toBe('Bearer');
        return { id: registered!.player_id, username, api: client({ accessToken: tokens!.access_token }) };
      }),
    );
    const [a, b] = players;

    const { data: profile } = await a.api.GET('/api/v1/auth/profile');
    expect(profile).toMatchObject({ player_id: a.id, username: a.username, last_login: expect.any(String) });

    const first = await a.api.POST('/api/v1/queue/join', { body: {} });
    expect(first.data).toMatchObject({ status: 'queued', session_id: null, opponent: null });
    const second = await b.api.POST('/api/v1/queue/join', { body: {} });
    expect(second.data).toMatchObject({ status: 'matched', opponent: { player_id: a.id } });
    const sessionId = second.data!.session_id!;

    const { data: status } = await a.api.GET('/api/v1/queue/status');
    expect(status).toMatchObject({ status: 'matched', session_id: sessionId, opponent: { player_id: b.id, username: b.username } });

    const server = client({ serverKey: TEST_SERVER_KEY });
    const { data: session } = await server.GET('/api/v1/sessions/{id}/state', { params: { path: { id: sessionId } } });
    expect(session!.players.map((p) => p.player_id).sort()).toEqual([a.id, b.id].sort());

    const { data: result } = await server.POST('/api/v1/matches/result', { body: { session_id: sessionId, player_id: a.id, outcome: 1 } });
    expect(result).toEqual({
      session_id: sessionId,
      status: 'applied',
      rated: true,
      changes: expect.arrayContaining([expect.objectContaining({ player_id: a.id, change: 16 }), expect.objectContaining({ player_id: b.id, change: -16 })]),
    });

    const { data: rating } = await b.api.GET('/api/v1/players/{id}/rating', { params: { path: { id: a.id }, query: { limit: 5 } } });
    expect(rating).toMatchObject({ player_id: a.id, rating: 1216, games_played: 1 });
    const { data: rank } = await b.api.GET('/api/v1/leaderboard/{player_id}', { params: { path: { player_id: a.id } } });
    expect(rank!.rank).toEqual(expect.any(Number));
  });

  it('returns the documented error shape, typed, for a refused call', async () => {
    const { data, error, response } = await client().POST('/api/v1/auth/login', { body: { username: 'nobody_here', password: 'wrong-password' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password', trace_id: expect.any(String) });
    const leave = await client({ accessToken: 'not-a-token' }).DELETE('/api/v1/queue/leave');
    expect(leave.error?.statusCode).toBe(401);
  });

  it('held every answer it received to the document', () => {
    expect(checked).toEqual(expect.arrayContaining(['POST /api/v1/matches/result 200', 'POST /api/v1/auth/login 401', 'GET /api/v1/queue/status 200']));
  });
});
