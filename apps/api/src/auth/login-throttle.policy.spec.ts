import { CounterVerdict, decideLoginAttempt } from './login-throttle.policy';

const open = (failures = 0, ttlSeconds = 900): CounterVerdict => ({ verdict: 'reserved', failures, ttlSeconds });
const full = (ttlSeconds: number, failures = 5): CounterVerdict => ({ verdict: 'blocked', failures, ttlSeconds });
const busy = (failures = 0): CounterVerdict => ({ verdict: 'busy', failures, ttlSeconds: 900 });

describe('decideLoginAttempt', () => {
  it('lets the attempt through when both counters had room', () => {
    expect(decideLoginAttempt({ user: open(), client: open(4) })).toEqual({ outcome: 'allowed' });
  });

  it('blocks on the username counter and gives back the client reservation', () => {
    expect(decideLoginAttempt({ user: full(120), client: open() })).toEqual({
      outcome: 'blocked',
      blockedBy: ['user'],
      retryAfterSeconds: 120,
      release: ['client'],
    });
  });

  it('blocks on the client counter and gives back the username reservation', () => {
    expect(decideLoginAttempt({ user: open(), client: full(30) })).toEqual({
      outcome: 'blocked',
      blockedBy: ['client'],
      retryAfterSeconds: 30,
      release: ['user'],
    });
  });

  it('waits for the later window when both counters are full and releases nothing', () => {
    expect(decideLoginAttempt({ user: full(40), client: full(700) })).toEqual({
      outcome: 'blocked',
      blockedBy: ['user', 'client'],
      retryAfterSeconds: 700,
      release: [],
    });
  });

  it('never advises retrying in under a second', () => {
    const decision = decideLoginAttempt({ user: full(0), client: open() });
    expect(decision.outcome === 'blocked' && decision.retryAfterSeconds).toBe(1);
  });

  it('waits (never refuses) when slots are only held by attempts in flight, giving back its own reservation', () => {
    expect(decideLoginAttempt({ user: busy(2), client: open() })).toEqual({ outcome: 'wait', release: ['client'] });
    expect(decideLoginAttempt({ user: busy(), client: busy() })).toEqual({ outcome: 'wait', release: [] });
  });

  it('blocks rather than waits when one counter is over its failure limit', () => {
    expect(decideLoginAttempt({ user: busy(), client: full(60, 100) })).toMatchObject({ outcome: 'blocked', blockedBy: ['client'], release: [] });
  });
});
