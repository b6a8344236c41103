/**
 * Tells a backing service being unreachable (Redis or MongoDB down, restarting, failing over) from a bug. The first is
 * answered 503 with Retry-After, so clients wait and retry instead of logging players out (401) or giving up (500).
 */
const OUTAGE_NAMES = new Set([
  // ioredis
  'MaxRetriesPerRequestError',
  'ClusterAllFailedError',
  // MongoDB driver
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Redis replies that mean "not now" rather than "wrong command": loading, failing over, cluster reconfiguring. */
const REDIS_TRANSIENT_REPLY = /^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|NOREPLICAS|BUSY) /;

const OUTAGE_MESSAGES = [
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
  /^None of startup nodes is available/,
  /^Failed to refresh slots cache/,
  /^Command timed out/,
  // mongoose, while its connection is down
  /buffering timed out after/,
  /^Client must be connected before running operations/,
];

export function isDependencyOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, message } = error;
  const code = (error as { code?: unknown }).code;
  if (OUTAGE_NAMES.has(name) || (typeof code === 'string' && OUTAGE_CODES.has(code))) return true;
  if (REDIS_TRANSIENT_REPLY.test(message) || OUTAGE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Wrappers (AggregateError, errors with a cause) carry the real reason inside.
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error && isDependencyOutage(cause)) return true;
  return error instanceof AggregateError && error.errors.some((inner) => isDependencyOutage(inner));
}
