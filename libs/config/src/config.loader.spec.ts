import { ConfigValidationError, loadConfig } from './config.loader';

const SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  it('applies defaults in dev mode when no URLs are given', () => {
    const config = loadConfig({});
    expect(config.devMode).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.jwt.secret).toHaveLength(64);
    expect(config.matchmaker).toMatchObject({ intervalMs: 500 });
    expect(config.matchmaker.modes[0]).toMatchObject({ name: 'ranked_1v1', base_window: 100, window_growth: 20, max_window: 400, ticket_ttl_seconds: 600 });
    expect(config.rating).toMatchObject({ initial: 1200, kFactor: 32, provisionalGames: 0 });
  });

  it('is not in dev mode when both URLs are set, and then requires JWT_SECRET', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://h:6379', MONGODB_URI: 'mongodb://h/db' })).toThrow(/JWT_SECRET is required/);
    const config = loadConfig({ REDIS_URL: 'redis://h:6379', MONGODB_URI: 'mongodb://h/db', JWT_SECRET: SECRET });
    expect(config.devMode).toBe(false);
  });

  it('parses REDIS_CLUSTER_NODES as a list of seed nodes', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'a:7000, b:7001', MONGODB_URI: 'mongodb://h/db', JWT_SECRET: SECRET });
    expect(config.redis.clusterNodes).toEqual([{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }]);
    expect(config.devMode).toBe(false);
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_CLUSTER_NODES: 'nope', MATCH_MAX_WINDOW: '10' });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const message = (error as Error).message;
      for (const name of ['PORT', 'LOG_LEVEL', 'REDIS_CLUSTER_NODES', 'MONGODB_URI', 'JWT_SECRET', 'MATCH_MAX_WINDOW']) {
        expect(message).toContain(name);
      }
    }
  });

  it('rejects a short JWT secret and a malformed Mongo URI', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short', MONGODB_URI: 'http://x' })).toThrow(/JWT_SECRET.*MONGODB_URI|MONGODB_URI.*JWT_SECRET/);
  });
});
