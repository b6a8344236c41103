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

describe('security settings', () => {
  const PROD = { NODE_ENV: 'production', REDIS_URL: 'redis://h:6379', MONGODB_URI: 'mongodb://h/db', METRICS_PORT: '9100' };
  const STRONG = '3f9c1e0b7a52d8e46c1f0a9b2d7e5c38a1b4f6e0d9c2b7a5';

  it('takes TRUST_PROXY as a hop count or a list of proxy addresses/CIDRs, and refuses a blanket "true"', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8,loopback' }).http.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '10.0.0.0/33', 'ingress.local', '}{evil}', '0.0.0.0/0/1', '11']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('refuses low-entropy secrets in production only', () => {
    expect(() => loadConfig({ ...PROD, JWT_SECRET: 'a'.repeat(32) })).toThrow(/JWT_SECRET is too predictable/);
    expect(() => loadConfig({ ...PROD, JWT_SECRET: 'abcdabcdabcdabcdabcdabcdabcdabcd' })).toThrow(/JWT_SECRET is too predictable/);
    expect(() => loadConfig({ ...PROD, JWT_SECRET: STRONG, GAME_SERVER_KEY: 'serverkeyserverkey' })).toThrow(/GAME_SERVER_KEY is too predictable/);
    expect(loadConfig({ ...PROD, JWT_SECRET: STRONG, GAME_SERVER_KEY: STRONG.slice(0, 24) }).jwt.secret).toBe(STRONG);
    expect(loadConfig({ REDIS_URL: 'redis://h:6379', MONGODB_URI: 'mongodb://h/db', JWT_SECRET: 'a'.repeat(32) }).jwt.secret).toBe('a'.repeat(32));
  });

  it('turns docs off and moves metrics to their own port by default in production', () => {
    const prod = loadConfig({ ...PROD, JWT_SECRET: STRONG, METRICS_PORT: undefined });
    expect(prod.http).toMatchObject({ docsEnabled: false, metricsPort: 9100 });
    expect(loadConfig({}).http).toMatchObject({ docsEnabled: true, metricsPort: 0 });
    expect(() => loadConfig({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT/);
  });
});
