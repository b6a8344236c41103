import { Writable } from 'node:stream';
import { createRootLogger, redact } from './log-format';
import { runWithTrace, traceIdFromHeaders } from './trace-context';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createRootLogger('debug', stream) };
}

const KEYS = ['details', 'event', 'level', 'player_id', 'service', 'session_id', 'timestamp', 'trace_id'];

describe('log line format', () => {
  it('writes exactly the eight keys for a structured event', () => {
    const { lines, logger } = capture();
    runWithTrace('trace-1', () => logger.info({ service: 'auth', event: 'login_succeeded', player_id: 'p1', details: { a: 1 } }));
    expect(Object.keys(lines[0]).sort()).toEqual(KEYS);
    expect(lines[0]).toMatchObject({ level: 'INFO', service: 'auth', event: 'login_succeeded', player_id: 'p1', session_id: null, trace_id: 'trace-1', details: { a: 1 } });
    expect(new Date(lines[0].timestamp as string).toISOString()).toBe(lines[0].timestamp);
  });

  it('stamps each line with the time it was written, to the millisecond', async () => {
    const { lines, logger } = capture();
    const before = Date.now();
    logger.info({ event: 'first' });
    logger.info({ event: 'same_turn' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    logger.info({ event: 'later' });
    const after = Date.now();
    const [first, sameTurn, later] = lines.map((l) => Date.parse(l.timestamp as string));
    expect(first).toBeGreaterThanOrEqual(before);
    expect(sameTurn).toBeGreaterThanOrEqual(first);
    expect(later).toBeGreaterThanOrEqual(first + 5);
    expect(later).toBeLessThanOrEqual(after);
  });

  it('folds framework messages into details and maps levels', () => {
    const { lines, logger } = capture();
    logger.warn({ context: 'Foo' }, 'hello %s', 'world');
    logger.error(new Error('boom'));
    expect(Object.keys(lines[0]).sort()).toEqual(KEYS);
    expect(lines[0]).toMatchObject({ level: 'WARN', event: 'framework_log', trace_id: null, details: { message: 'hello world', context: 'Foo' } });
    expect(lines[1]).toMatchObject({ level: 'ERROR', details: { error: { message: 'boom' } } });
  });

  it('redacts secret-looking keys at any depth', () => {
    expect(redact({ password: 'p', nested: { refresh_token: 't', Authorization: 'Bearer x', ok: 1 } })).toEqual({
      password: '[REDACTED]',
      nested: { refresh_token: '[REDACTED]', Authorization: '[REDACTED]', ok: 1 },
    });
    // The same keys again, once their verdict is remembered.
    expect(redact({ ok: 1, password: 'q', list: [{ api_key: 'k', ok: 2 }] })).toEqual({ ok: 1, password: '[REDACTED]', list: [{ api_key: '[REDACTED]', ok: 2 }] });
  });
});

describe('traceIdFromHeaders', () => {
  it('prefers the traceparent trace id, then X-Request-ID, then a new UUID', () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceIdFromHeaders({ traceparent: tp, 'x-request-id': 'abc' })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdFromHeaders({ 'x-request-id': 'req-42' })).toBe('req-42');
    expect(traceIdFromHeaders({ 'x-request-id': 'bad value\n{"x":1}' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceIdFromHeaders({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});
