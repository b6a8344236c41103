import { isRetriable, retryDelayMs, StaleReadError } from './transaction-retry';

function mongoError(props: Record<string, unknown>, labels: string[] = []): Error {
  return Object.assign(new Error('mongo'), props, { errorLabels: labels, hasErrorLabel: (label: string) => labels.includes(label) });
}

describe('isRetriable', () => {
  it('retries write conflicts, transient transaction errors, unique-guard collisions and dropped connections', () => {
    expect(isRetriable(mongoError({ code: 112 }))).toBe(true);
    expect(isRetriable(mongoError({ code: 11000 }))).toBe(true);
    expect(isRetriable(mongoError({ code: 251 }))).toBe(true);
    expect(isRetriable(mongoError({}, ['TransientTransactionError']))).toBe(true);
    expect(isRetriable(mongoError({}, ['UnknownTransactionCommitResult']))).toBe(true);
    expect(isRetriable(Object.assign(new Error('closed'), { name: 'MongoNetworkError' }))).toBe(true);
    expect(isRetriable(new Error('Connection pool for 127.0.0.1:1 was cleared because another operation failed'))).toBe(true);
    expect(isRetriable(new StaleReadError('player x'))).toBe(true);
  });

  it('does not retry domain errors or anything unknown', () => {
    expect(isRetriable(new Error('boom'))).toBe(false);
    expect(isRetriable(mongoError({ code: 2 }))).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('grows with the attempt, stays jittered within bounds and is capped', () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const ceiling = Math.min(5 * 2 ** Math.min(attempt, 6), 250);
      const delay = retryDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});
