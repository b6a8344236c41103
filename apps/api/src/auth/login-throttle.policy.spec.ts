import { CounterVerdict, decideLoginAttempt } from './login-throttle.policy';

const open = (count = 1, ttlSeconds = 900): CounterVerdict => ({ allowed: true, count, ttlSeconds });
const full = (ttlSeconds: number, count = 5): CounterVerdict => ({ allowed: false, count, ttlSeconds });

describe('decideLoginAttempt', () => {
  it('lets the attempt through when both counters had room', () => {
    expect(decideLoginAttempt({ user: open(), client: open(4) })).toEqual({ allowed: true });
  });

  it('blocks on the username counter and gives back the client reservation', () => {
    expect(decideLoginAttempt({ user: full(120), client: open() })).toEqual({
      allowed: false,
      blockedBy: ['user'],
      retryAfterSeconds: 120,
      release: ['client'],
    });
  });

  it('blocks on the client counter and gives back the username reservation', () => {
    expect(decideLoginAttempt({ user: open(), client: full(30) })).toEqual({
      allowed: false,
      blockedBy: ['client'],
      retryAfterSeconds: 30,
      release: ['user'],
    });
  });

  it('waits for the later window when both counters are full and releases nothing', () => {
    expect(decideLoginAttempt({ user: full(40), client: full(700) })).toEqual({
      allowed: false,
      blockedBy: ['user', 'client'],
      retryAfterSeconds: 700,
      release: [],
    });
  });

  it('never advises retrying in under a second', () => {
    const decision = decideLoginAttempt({ user: full(0), client: open() });
    expect(decision.allowed === false && decision.retryAfterSeconds).toBe(1);
  });
});
