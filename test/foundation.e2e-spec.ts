import type request from 'supertest';
import { AddressInfo, connect } from 'node:net';
import { startRedisServer } from '@libs/dev-services';
import { TokenService } from '../apps/api/src/auth/token.service';
import { startTestApp, TestApp } from './harness/test-app';
import { uniqueName } from './support/players';

const LOG_KEYS = ['details', 'event', 'level', 'player_id', 'service', 'session_id', 'timestamp', 'trace_id'];

describe('service foundation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /health/live', () => {
    it('answers 200', async () => {
      await t.http.get('/health/live').expect(200, { status: 'ok' });
    });
  });

  describe('GET /health/ready', () => {
    it('answers 200 when Redis and MongoDB are up', async () => {
      const res = await t.http.get('/health/ready').expect(200);
      expect(res.body.checks.redis.status).toBe('up');
      expect(res.body.checks.mongodb.status).toBe('up');
    });

    it('answers 503 naming redis while Redis is stopped, and recovers when it returns', async () => {
      const { redisPort, redis } = t.backends;
      await redis.stop();
      await eventually(async () => {
        const res = await t.http.get('/health/ready');
        expect(res.status).toBe(503);
        expect(res.body.failing).toEqual(['redis']);
      });
      const restarted = await startRedisServer([], redisPort);
      t.backends.redis = restarted.process;
      await eventually(async () => {
        await t.http.get('/health/ready').expect(200);
      });
    });
  });

  describe('while Redis is down', () => {
    it('answers 503 with Retry-After in the error shape, never 401 or 500, and serves again once Redis is back', async () => {
      const username = uniqueName('outage');
      const password = 'long-enough-password';
      const registered = await t.http.post('/api/v1/auth/register').send({ username, password }).expect(201);
      const other = await t.http.post('/api/v1/auth/register').send({ username: uniqueName('outage'), password }).expect(201);
      const login = () => t.http.post('/api/v1/auth/login').send({ username, password });
      const bearer = { Authorization: `Bearer ${(await login().expect(200)).body.access_token}` };
      const serverKey = { 'X-Server-Key': t.config.gameServerKey! };
      const players = [registered.body.player_id, other.body.player_id];

      const { redisPort, redis } = t.backends;
      await redis.stop();
      // Tokens are checked against the revocation list in Redis: unknown is not "invalid", it is "try again".
      const calls: Record<string, () => request.Test> = {
        'profile with a valid token': () => t.http.get('/api/v1/auth/profile').set(bearer),
        'queue join with a valid token': () => t.http.post('/api/v1/queue/join').set(bearer).send({}),
        login,
        'session create': () => t.http.post('/api/v1/sessions/create').set(serverKey).send({ player_ids: players }),
      };
      for (const [name, call] of Object.entries(calls)) {
        const res = await call().set('X-Request-ID', `outage-${name.replace(/ /g, '-')}`);
        expect({ name, status: res.status }).toEqual({ name, status: 503 });
        expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode', 'trace_id']);
        expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', trace_id: `outage-${name.replace(/ /g, '-')}` });
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(res.headers['x-request-id']).toBe(`outage-${name.replace(/ /g, '-')}`);
      }
      // A registration lands in MongoDB; the Redis mirror is rebuilt later, so it is not an error.
      await t.http.post('/api/v1/auth/register').send({ username: uniqueName('outage'), password }).expect(201);

      const restarted = await startRedisServer([], redisPort);
      t.backends.redis = restarted.process;
      await eventually(async () => {
        await t.http.get('/api/v1/auth/profile').set(bearer).expect(200);
      });
      await login().expect(200);
    });
  });

  describe('log lines', () => {
    it('have exactly the eight keys, carry the request trace id, and never contain a password', async () => {
      const password = `Secret-${uniqueName()}`;
      const traceId = `trace-${uniqueName()}`;
      const res = await t.http
        .post('/api/v1/auth/register')
        .set('X-Request-ID', traceId)
        .set('Authorization', 'Bearer should-not-be-logged')
        .send({ username: uniqueName('log'), password })
        .expect(201);
      expect(res.headers['x-request-id']).toBe(traceId);

      const registered = await t.logs.waitFor((l) => l.event === 'player_registered' && l.player_id === res.body.player_id);
      expect(registered).toMatchObject({ level: 'INFO', service: 'auth', session_id: null, trace_id: traceId });
      for (const line of t.logs.lines) {
        expect(Object.keys(line).sort()).toEqual(LOG_KEYS);
        expect(['DEBUG', 'INFO', 'WARN', 'ERROR']).toContain(line.level);
        expect(new Date(line.timestamp).toISOString()).toBe(line.timestamp);
        expect(['api', 'auth', 'session', 'queue', 'rating', 'matchmaker', 'events']).toContain(line.service);
        expect(line.event).toMatch(/^[a-z][a-z0-9_]*$/);
      }
      expect(t.logs.raw).not.toContain(password);
      expect(t.logs.raw).not.toContain('should-not-be-logged');
    });

    it('takes the trace id from a W3C traceparent header', async () => {
      const res = await t.http
        .get('/health/live')
        .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
        .expect(200);
      expect(res.headers['x-request-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    });

    it('generates a UUID trace id when none is sent', async () => {
      const res = await t.http.get('/health/live').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('errors', () => {
    const shape = (body: Record<string, unknown>) => expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode', 'trace_id']);

    it('answers unknown routes with 404 in the error shape', async () => {
      const res = await t.http.get('/api/v1/nope').set('X-Request-ID', 'req-404').expect(404);
      shape(res.body);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', trace_id: 'req-404' });
    });

    it('rejects unknown fields and wrong types with 400', async () => {
      const unknown = await t.http.post('/api/v1/auth/register').send({ username: uniqueName(), password: 'long-enough-1', admin: true }).expect(400);
      shape(unknown.body);
      expect(unknown.body.message).toContain('admin');
      const typed = await t.http.post('/api/v1/auth/register').send({ username: { $gt: '' }, password: 'long-enough-1' }).expect(400);
      expect(typed.body.message).toContain('username');
    });

    it('rejects malformed JSON with 400 and oversized bodies with 413', async () => {
      const bad = await t.http.post('/api/v1/auth/register').set('Content-Type', 'application/json').send('{"username": ').expect(400);
      shape(bad.body);
      const big = await t.http.post('/api/v1/auth/register').send({ username: 'x'.repeat(t.config.http.bodyLimitBytes), password: 'p' }).expect(413);
      shape(big.body);
    });

    it('rejects deeply nested JSON with 400 on every JSON endpoint', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const player = await t.http.post('/api/v1/auth/register').send({ username: uniqueName('deep'), password: 'long-enough-1' }).expect(201);
      const token = (await t.app.get(TokenService).signAccessToken(player.body.player_id)).token;
      const bodies = [`{"username":${deep},"password":"x"}`, `{"state":{"a":${deep}}}`, deep];
      for (const [path, auth] of [
        ['/api/v1/auth/register', {}],
        ['/api/v1/auth/login', {}],
        ['/api/v1/sessions/create', { 'X-Server-Key': t.config.gameServerKey! }],
        ['/api/v1/queue/join', { Authorization: `Bearer ${token}` }],
      ] as const) {
        for (const body of bodies) {
          const res = await t.http.post(path).set(auth).set('Content-Type', 'application/json').send(body);
          expect({ path, status: res.status }).toEqual({ path, status: 400 });
          shape(res.body);
        }
      }
    });

    describe('raised before the application sees the request', () => {
      let port: number;
      beforeAll(async () => {
        await t.app.listen(0, '127.0.0.1');
        port = (t.app.getHttpServer().address() as AddressInfo).port;
      });

      /** Sends raw bytes and returns the parsed responses on that connection (the server may answer more than one). */
      function raw(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }[]> {
        return new Promise((resolve, reject) => {
          const socket = connect(port, '127.0.0.1');
          let data = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk: string) => (data += chunk));
          socket.on('error', reject);
          socket.on('close', () => resolve(parseResponses(data)));
          socket.write(text, 'latin1');
          setTimeout(() => socket.end(), 500).unref();
        });
      }

      const expectShaped = (res: { status: number; headers: Record<string, string>; body: string }, status: number) => {
        expect(res.status).toBe(status);
        const body = JSON.parse(res.body) as Record<string, unknown>;
        shape(body);
        expect(body.statusCode).toBe(status);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(body.trace_id).toBe(res.headers['x-request-id']);
        return body;
      };

      it('answers 431 for too large or too many headers in the error shape with X-Request-ID', async () => {
        const big = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
        expectShaped(big[0], 431);
        const many = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2500 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`);
        expectShaped(many[0], 431);
      });

      it('answers 414 for a long path without echoing it, and 400 for a malformed URL', async () => {
        const long = 'z'.repeat(10_000);
        const res = await t.http.get(`/api/v1/sessions/${long}`).set('X-Request-ID', 'req-414');
        expect(res.status).toBe(414);
        shape(res.body);
        expect(res.body.trace_id).toBe('req-414');
        expect(res.headers['x-request-id']).toBe('req-414');
        expect(res.text).not.toContain('zzzzzzzzzz');
        const bad = await t.http.get('/api/v1/sessions/%ff%fe').set('X-Request-ID', 'req-bad-url');
        expect(bad.status).toBe(400);
        shape(bad.body);
        expect(bad.body.trace_id).toBe('req-bad-url');
        expect(bad.headers['x-request-id']).toBe('req-bad-url');
        expect(bad.text).not.toContain('%ff');
      });

      it('answers a body longer than its Content-Length in the error shape with X-Request-ID', async () => {
        const body = '{"username":"someone","password":"long-enough-1"}';
        const responses = await raw(
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n${body}`,
        );
        expect(responses.length).toBeGreaterThan(0);
        for (const res of responses) expectShaped(res, 400);
      });
    });
  });

  describe('docs and metrics', () => {
    it('serves Swagger UI at /docs and the OpenAPI document at /docs-json with bearer auth', async () => {
      const ui = await t.http.get('/docs').redirects(1);
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
      const doc = await t.http.get('/docs-json').expect(200);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const register = doc.body.paths['/api/v1/auth/register'].post;
      expect(register.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
      expect(doc.body.components.schemas.ErrorResponse.required).toEqual(['statusCode', 'error', 'message', 'trace_id']);
    });

    it('sends security headers everywhere, with a CSP that Swagger UI\'s page and every asset it loads fit under', async () => {
      const api = await t.http.get('/health/live').expect(200);
      expect(api.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
      // An API response may load and be framed by nothing; only the pages under /docs need more.
      expect(api.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      const page = await t.http.get('/docs').redirects(1).expect(200);
      const csp = String(page.headers['content-security-policy']);
      const directive = (name: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? [];
      expect(directive('script-src')).toEqual(["'self'"]);
      expect(directive('frame-ancestors')).toEqual(["'none'"]);
      expect(directive('object-src')).toEqual(["'none'"]);
      // Swagger UI runs only scripts from this origin: no inline script on the page, every src a same-origin path.
      const html = page.text;
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src=["']([^"']+)["']/.exec(attrs)?.[1] ?? '';
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const asset = new URL(src, 'http://x/docs').pathname;
        expect([asset, (await t.http.get(asset)).status]).toEqual([asset, 200]);
      }
      for (const [, href] of html.matchAll(/<link[^>]*href=["']([^"']+)["']/g)) expect(href).not.toMatch(/^(https?:)?\/\//);
      expect(directive('style-src')).toContain("'unsafe-inline'");
    });

    it('exposes HTTP request durations by route and status at /metrics', async () => {
      await t.http.get('/health/live').expect(200);
      const res = await t.http.get('/metrics').expect(200);
      expect(res.text).toMatch(/gsm_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/);
    });

    it('counts each response once, under its route pattern, and requests no route matched as "unmatched"', async () => {
      const count = async (labels: string) => {
        const text = (await t.http.get('/metrics').expect(200)).text;
        const line = text.split('\n').find((l) => l.startsWith(`gsm_http_request_duration_seconds_count{${labels}} `));
        return line ? Number(line.split(' ')[1]) : 0;
      };
      const live = 'method="GET",route="/health/live",status="200"';
      const state = 'method="GET",route="/api/v1/sessions/:id/state",status="401"';
      const unmatched = 'method="GET",route="unmatched",status="404"';
      const before = await Promise.all([count(live), count(state), count(unmatched)]);
      for (let i = 0; i < 3; i++) await t.http.get('/health/live').expect(200);
      await t.http.get('/api/v1/sessions/abc/state').expect(401);
      await t.http.get('/api/v1/sessions/def/state').expect(401);
      await t.http.get('/no/such/route').expect(404);
      expect(await Promise.all([count(live), count(state), count(unmatched)])).toEqual([before[0] + 3, before[1] + 2, before[2] + 1]);
    });
  });
});

async function eventually(assertion: () => Promise<void>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Splits raw HTTP/1.1 responses (Content-Length framed) read from one connection. */
function parseResponses(data: string): { status: number; headers: Record<string, string>; body: string }[] {
  const out: { status: number; headers: Record<string, string>; body: string }[] = [];
  let rest = data;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}
