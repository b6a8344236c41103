import { format } from 'node:util';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentTraceId } from './trace-context';

export type ServiceName = 'api' | 'auth' | 'session' | 'queue' | 'rating' | 'matchmaker' | 'events' | 'party';

/** The fields a log call may carry; everything else a caller passes ends up inside `details`. */
export interface LogFields {
  service?: ServiceName;
  event?: string;
  player_id?: string | null;
  session_id?: string | null;
  details?: Record<string, unknown>;
  trace_id?: string | null;
}

const LEVEL_LABELS: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
};

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|server[-_]?key|password_hash|hash/i;
const REDACTED = '[REDACTED]';
/** Whether a key names a secret, by key: the keys logged are the code's own, so the set stays small. */
const secretKeys = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < MAX_REMEMBERED_KEYS) secretKeys.set(key, secret);
  }
  return secret;
}

let stampedAt = -1;
let stamp = '';

/** The line's timestamp field; lines written in the same millisecond share one formatted string. */
function timestampField(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"timestamp":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

/** Deep-copies `value`, replacing anything under a secret-looking key; errors become plain objects. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[TRUNCATED]';
  if (value instanceof Error) {
    return { type: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = isSecretKey(key) ? REDACTED : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}

// Framework start-up chatter ("Mapped {/x, GET} route") is useful only when debugging.
const FRAMEWORK_BOOT_CONTEXTS = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'NestFactory', 'NestApplication']);

/** Turns whatever a caller logged into exactly the eight keys of our log line format. */
export function shapeLine(obj: Record<string, unknown>): Record<string, unknown> {
  const { service, event, player_id, session_id, details, trace_id, message, context, err, ...rest } = obj as LogFields &
    Record<string, unknown>;
  const extra: Record<string, unknown> = { ...(details ?? {}), ...rest };
  if (message !== undefined) extra.message = message;
  if (context !== undefined && event === undefined) extra.context = context;
  if (err !== undefined) extra.error = err;
  return {
    service: service ?? 'api',
    event: event ?? 'framework_log',
    player_id: player_id ?? null,
    session_id: session_id ?? null,
    details: redact(extra),
    trace_id: trace_id ?? currentTraceId(),
  };
}

export function createPinoOptions(level: string): LoggerOptions {
  return {
    level,
    base: undefined,
    messageKey: '__message',
    timestamp: timestampField,
    formatters: {
      level: (label) => ({ level: LEVEL_LABELS[label] ?? 'INFO' }),
      bindings: () => ({}),
      log: (obj) => shapeLine(obj),
    },
    hooks: {
      // Folds a message string (and Nest's `{ context }`) into the object, so pino never emits a `msg` key.
      logMethod(args: unknown[], method, levelValue) {
        let obj: Record<string, unknown> = {};
        let rest = args;
        if (args[0] instanceof Error) {
          obj = { err: args[0] };
          rest = args.slice(1);
        } else if (args[0] !== null && typeof args[0] === 'object') {
          obj = { ...(args[0] as Record<string, unknown>) };
          rest = args.slice(1);
        }
        if (rest.length > 0) obj.message = format(...(rest as [unknown, ...unknown[]]));
        if (levelValue === 30 && FRAMEWORK_BOOT_CONTEXTS.has(String(obj.context))) {
          if (!this.isLevelEnabled('debug')) return;
        }
        method.apply(this, [obj] as unknown as Parameters<typeof method>);
      },
    },
  };
}

export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  return pino(createPinoOptions(level), destination ?? pino.destination({ dest: 1, sync: true }));
}
