import { isDependencyOutage } from './dependency-outage';

const named = (name: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);

describe('isDependencyOutage', () => {
  it.each([
    ['ioredis retries exhausted', named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 2).')],
    ['closed Redis connection', new Error('Connection is closed.')],
    ['refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['Redis loading its data', named('ReplyError', 'LOADING Redis is loading the dataset in memory')],
    ['cluster down', named('ReplyError', 'CLUSTERDOWN The cluster is down')],
    ['no MongoDB server', named('MongoServerSelectionError', 'Server selection timed out after 30000 ms')],
    ['mongoose buffering', named('MongooseError', 'Operation `players.findOne()` buffering timed out after 10000ms')],
    ['wrapped in a cause', new Error('write failed', { cause: new Error('Connection is closed.') })],
  ])('is true for %s', (_, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a wrong Redis command', named('ReplyError', 'WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a duplicate key', Object.assign(named('MongoServerError', 'E11000 duplicate key error'), { code: 11000 })],
    ['not an error', 'Connection is closed.'],
  ])('is false for %s', (_, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});
