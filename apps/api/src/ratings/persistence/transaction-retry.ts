const WRITE_CONFLICT = 112;
const DUPLICATE_KEY = 11000;
const NO_SUCH_TRANSACTION = 251;

/** Thrown inside a transaction when a conditional write found its document changed since it was read. */
export class StaleReadError extends Error {
  constructor(what: string) {
    super(`${what} changed during the transaction`);
    this.name = 'StaleReadError';
  }
}

/**
 * Errors after which re-running the whole transaction is safe and may succeed: write conflicts and transient
 * transaction errors (real MongoDB), unique-index collisions with a concurrent transaction (our concurrency guards),
 * stale conditional writes, and connection drops around commit (the commit may or may not have happened; the re-run
 * reads the stored result first, so it never applies twice).
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof StaleReadError) return true;
  const e = error as { code?: number; name?: string; message?: string; errorLabels?: string[]; hasErrorLabel?: (label: string) => boolean };
  if (!e || typeof e !== 'object') return false;
  const labels = new Set(e.errorLabels ?? []);
  for (const label of ['TransientTransactionError', 'UnknownTransactionCommitResult', 'RetryableWriteError', 'ResetPool']) {
    if (labels.has(label) || e.hasErrorLabel?.(label)) return true;
  }
  if (e.code === WRITE_CONFLICT || e.code === DUPLICATE_KEY || e.code === NO_SUCH_TRANSACTION) return true;
  if (['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError'].includes(e.name ?? '')) return true;
  // A bulk insert reports a pool reset (after a connection drop elsewhere) wrapped in its own error type.
  return /pool .* was cleared/i.test(e.message ?? '');
}

/** Jittered exponential backoff, so that transactions that collided do not collide again in lock-step. */
export function retryDelayMs(attempt: number): number {
  const ceiling = Math.min(5 * 2 ** Math.min(attempt, 6), 250);
  return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Contention resolves within milliseconds; beyond this the database is unwell and the caller should retry later. */
export const TRANSACTION_RETRY_BUDGET_MS = 10_000;
