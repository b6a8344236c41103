import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort } from '@libs/dev-services';
import { MetricsServer } from '../apps/api/src/metrics/metrics.server';
import { startTestApp, TestApp } from './harness/test-app';
import { uniqueName } from './support/players';

/** Sends headers and then one body byte every `everyMs`; resolves with what the server answered and when. */
function trickle(port: number, everyMs: number, maxMs: number): Promise<{ response: string; afterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let response = '';
    const body = '{"username":"slow_loris","password":"correct-horse-battery"}';
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    let i = 0;
    const timer = setInterval(() => {
      if (i < body.length) socket.write(body[i++]);
    }, everyMs);
    const deadline = setTimeout(() => done(), maxMs);
    const done = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ response, afterMs: Date.now() - started });
    };
    socket.on('data', (chunk) => (response += chunk.toString()));
    socket.on('close', done);
    socket.on('error', done);
  });
}

describe('hardened HTTP surface (production-like settings)', () => {
  let t: TestApp;
  let port: number;
  let metricsPort: number;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        HTTP_REQUEST_TIMEOUT_MS: '1000',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        DOCS_ENABLED: 'false',
        METRICS_PORT: String(await freePort()),
        REGISTER_MAX_PER_CLIENT: '2',
        REGISTER_WINDOW_SECONDS: '600',
        TRUST_PROXY: '1',
      },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    metricsPort = (await t.app.get(MetricsServer).listen())!;
  });

  afterAll(() => t.close());

  it('answers 408 to a request body trickled in for longer than HTTP_REQUEST_TIMEOUT_MS', async () => {
    const { response, afterMs } = await trickle(port, 100, 8000);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(4000);
  });

  it('serves no API docs with DOCS_ENABLED=false, and metrics only on METRICS_PORT', async () => {
    await t.http.get('/docs').expect(404);
    await t.http.get('/docs-json').expect(404);
    await t.http.get('/metrics').expect(404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('gsm_http_request_duration_seconds');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/auth/profile`)).status).toBe(404);
  });

  it('returns 429 with Retry-After above REGISTER_MAX_PER_CLIENT per client address, counting taken names too', async () => {
    const newIp = () => `10.${randomBytes(3).join('.')}`;
    const ip = newIp();
    const register = (username: string, from = ip) =>
      t.http.post('/api/v1/auth/register').set('X-Forwarded-For', from).send({ username, password: 'long-enough-pw' });
    const name = uniqueName('Lim');
    await register(name).expect(201);
    await register(name).expect(409);
    const blocked = await register(uniqueName('Lim')).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(590);
    expect(blocked.body.message).toMatch(/too many registrations/i);
    // A client-sent leftmost X-Forwarded-For does not make a new client: only the trusted hop's entry counts.
    await register(uniqueName('Lim'), `${newIp()}, ${ip}`).expect(429);
    await register(uniqueName('Lim'), newIp()).expect(201);
  });
});
