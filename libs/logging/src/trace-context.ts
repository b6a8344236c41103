import { randomUUID } from 'node:crypto';
import { promiseHooks } from 'node:v8';

interface TraceStore {
  traceId: string;
}

/**
 * The trace context follows a request or job through its promise chain: every promise records the context it was
 * created in, and while one of its reactions runs (an `await` resuming, a `.then` callback) that context is current
 * again. This is what AsyncLocalStorage does on Node 20, minus its async-hook bookkeeping for every other async
 * resource (an id, a resource lookup and a propagation per `nextTick`, timer and socket event), which cost ~11 µs of a
 * ~50 µs `/health/live` request. The cost of the difference: a callback handed to `setTimeout`, `setImmediate`,
 * `process.nextTick` or an event emitter inside a request runs outside the context, so work inside a request awaits
 * its delays (`node:timers/promises`) instead of scheduling callbacks, as the service does everywhere.
 */
const STORE = Symbol('traceStore');
type Traced = Promise<unknown> & { [STORE]?: TraceStore };

let current: TraceStore | undefined;
/** The contexts the running promise reactions interrupted, innermost last. */
const interrupted: (TraceStore | undefined)[] = [];
let hooked = false;

function followPromises(): void {
  hooked = true;
  promiseHooks.createHook({
    init: (promise) => {
      if (current !== undefined) (promise as Traced)[STORE] = current;
    },
    before: (promise) => {
      interrupted.push(current);
      current = (promise as Traced)[STORE];
    },
    after: () => {
      current = interrupted.pop();
    },
  });
}

/** Runs `fn` with `traceId` attached to every log line written inside it, across awaits. */
export function runWithTrace<T>(traceId: string, fn: () => T): T {
  if (!hooked) followPromises();
  const outer = current;
  current = { traceId };
  try {
    return fn();
  } finally {
    current = outer;
  }
}

export function currentTraceId(): string | null {
  return current?.traceId ?? null;
}

export function newTraceId(): string {
  return randomUUID();
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Picks the trace id for an incoming request: the W3C `traceparent` trace id, else a well-formed `X-Request-ID`,
 * else a new UUID. Header values are validated so a client cannot inject arbitrary text into log lines.
 */
export function traceIdFromHeaders(headers: Record<string, string | string[] | undefined>): string {
  const traceparent = first(headers['traceparent'])?.trim().toLowerCase();
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (match && !/^0+$/.test(match[1])) return match[1];
  const requestId = first(headers['x-request-id'])?.trim();
  if (requestId && REQUEST_ID.test(requestId)) return requestId;
  return newTraceId();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
