import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface TraceStore {
  traceId: string;
}

const storage = new AsyncLocalStorage<TraceStore>();

/** Runs `fn` with `traceId` attached to every log line written inside it, across awaits. */
export function runWithTrace<T>(traceId: string, fn: () => T): T {
  return storage.run({ traceId }, fn);
}

export function currentTraceId(): string | null {
  return storage.getStore()?.traceId ?? null;
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
