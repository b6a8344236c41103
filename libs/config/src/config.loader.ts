import { randomBytes } from 'node:crypto';
import { AppConfig, LogLevel, RedisNode, TrustProxy } from './config.types';
import { loadMatchModes, MODE_NAME } from './match-modes';
import { checkModePools, parsePools } from './rating-pools';
import { MIN_SECRET_BITS, parseTrustProxy, secretWeakness } from './security-settings';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Reads every variable once, collecting all problems so start-up fails with one message naming each of them. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string): string | null {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.string(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  /** An integer, or undefined when the variable is unset (or invalid, which is reported). */
  optionalInt(name: string, min: number, max: number): number | undefined {
    if (this.string(name) === null) return undefined;
    const before = this.problems.length;
    const value = this.int(name, 0, min, max);
    return this.problems.length > before ? undefined : value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === null) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | null {
    const raw = this.string(name);
    if (raw === null) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  }

  nodes(name: string): RedisNode[] {
    const raw = this.string(name);
    if (raw === null) return [];
    const nodes: RedisNode[] = [];
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const match = /^([^:\s]+):(\d{1,5})$/.exec(part);
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
        this.problems.push(`${name} must be a comma-separated list of host:port (bad entry "${part}")`);
        continue;
      }
      nodes.push({ host: match[1], port: Number(match[2]) });
    }
    return nodes;
  }
}

export function loadConfig(env: Env): AppConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.string('NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const redisUrl = r.url('REDIS_URL', ['redis:', 'rediss:']);
  const clusterNodes = r.nodes('REDIS_CLUSTER_NODES');
  const mongoUri = r.url('MONGODB_URI', ['mongodb:', 'mongodb+srv:']);
  const redisMissing = redisUrl === null && clusterNodes.length === 0 && r.string('REDIS_URL') === null;
  const mongoMissing = mongoUri === null && r.string('MONGODB_URI') === null;
  const devMode = !production && (redisMissing || mongoMissing);

  if (production && redisMissing) r.problems.push('REDIS_URL or REDIS_CLUSTER_NODES is required when NODE_ENV=production');
  if (production && mongoMissing) r.problems.push('MONGODB_URI is required when NODE_ENV=production');

  let jwtSecret = r.string('JWT_SECRET');
  if (jwtSecret !== null && jwtSecret.length < 32) {
    r.problems.push('JWT_SECRET must be at least 32 characters');
  } else if (jwtSecret === null) {
    if (devMode) jwtSecret = randomBytes(32).toString('hex');
    else r.problems.push('JWT_SECRET is required (it may be omitted only in zero-config dev mode)');
  }

  const gameServerKey = r.string('GAME_SERVER_KEY');
  if (gameServerKey !== null && gameServerKey.length < 16) r.problems.push('GAME_SERVER_KEY must be at least 16 characters');

  // Length alone lets 'a'×32 through; production secrets must also look random (see security-settings.ts).
  if (production) {
    const secrets = [['JWT_SECRET', jwtSecret, MIN_SECRET_BITS.jwt], ['GAME_SERVER_KEY', gameServerKey, MIN_SECRET_BITS.serverKey]] as const;
    for (const [name, value, minBits] of secrets) {
      const weakness = value === null ? null : secretWeakness(value, minBits);
      if (weakness) r.problems.push(`${name} is too predictable for production (${weakness}); generate one with \`openssl rand -hex 32\``);
    }
  }

  const trustProxyRaw = r.string('TRUST_PROXY');
  let trustProxy: TrustProxy = false;
  try {
    trustProxy = parseTrustProxy(trustProxyRaw);
  } catch (error) {
    r.problems.push(`TRUST_PROXY ${(error as Error).message}`);
  }

  const metricsPortRaw = r.string('METRICS_PORT');
  const port = r.int('PORT', 3000, 0, 65535);
  // In production the metrics leave the public port by default; 0 serves them on the API port (the old behaviour).
  const metricsPort = metricsPortRaw === null ? (production ? 9100 : 0) : r.int('METRICS_PORT', 0, 0, 65535);
  if (metricsPort !== 0 && metricsPort === port) r.problems.push('METRICS_PORT must differ from PORT (0 serves metrics on the API port)');

  const logLevelRaw = (r.string('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevelRaw as LogLevel)) r.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const matchModes = loadMatchModes(r.string('MATCH_MODES_FILE'), {
    base_window: r.optionalInt('MATCH_BASE_WINDOW', 0, 10000),
    window_growth: r.optionalInt('MATCH_WINDOW_GROWTH', 0, 10000),
    max_window: r.optionalInt('MATCH_MAX_WINDOW', 0, 10000),
    ticket_ttl_seconds: r.optionalInt('QUEUE_TICKET_TTL', 1, 86400),
    names: queueModes(r),
  });
  r.problems.push(...matchModes.problems);

  const eloDefaults = {
    initial: r.int('INITIAL_RATING', 1200, 0, 5000),
    kFactor: r.int('ELO_K_FACTOR', 32, 1, 400),
    provisionalKFactor: r.int('ELO_PROVISIONAL_K_FACTOR', 40, 1, 400),
    provisionalGames: r.int('ELO_PROVISIONAL_GAMES', 0, 0, 1000),
  };
  const { pools, problems: poolProblems } = parsePools(matchModes.pools, matchModes.source, eloDefaults);
  r.problems.push(...poolProblems, ...checkModePools(matchModes.modePools, pools, matchModes.source));
  const requestTimeoutMs = r.int('HTTP_REQUEST_TIMEOUT_MS', 30000, 1000, 600000);
  const headersTimeoutMs = r.int('HTTP_HEADERS_TIMEOUT_MS', 10000, 1000, 600000);
  if (headersTimeoutMs > requestTimeoutMs) r.problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');

  const config: AppConfig = {
    nodeEnv,
    port,
    host: r.string('HOST') ?? '0.0.0.0',
    logLevel: (LOG_LEVELS.includes(logLevelRaw as LogLevel) ? logLevelRaw : 'info') as LogLevel,
    devMode,
    redis: { url: redisUrl, clusterNodes, username: r.string('REDIS_USERNAME'), password: r.string('REDIS_PASSWORD') },
    mongodb: { uri: mongoUri },
    jwt: {
      secret: jwtSecret ?? '',
      issuer: r.string('JWT_ISSUER') ?? 'game-session-manager',
      audience: r.string('JWT_AUDIENCE') ?? 'game-session-manager-api',
      accessTtlSeconds: r.int('JWT_ACCESS_TTL_SECONDS', 900, 30, 86400),
      refreshTtlSeconds: r.int('JWT_REFRESH_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    },
    gameServerKey,
    auth: {
      loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
      loginMaxFailuresPerClient: r.int('LOGIN_MAX_FAILURES_PER_CLIENT', 100, 1, 1_000_000),
      loginWindowSeconds: r.int('LOGIN_WINDOW_SECONDS', 900, 1, 86400),
      registerMaxPerClient: r.int('REGISTER_MAX_PER_CLIENT', 20, 1, 1_000_000),
      registerWindowSeconds: r.int('REGISTER_WINDOW_SECONDS', 3600, 1, 7 * 86400),
    },
    http: {
      bodyLimitBytes: r.int('HTTP_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
      shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
      trustProxy,
      requestTimeoutMs,
      headersTimeoutMs,
      keepAliveTimeoutMs: r.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 100, 600000),
      docsEnabled: r.bool('DOCS_ENABLED', !production),
      metricsPort,
      publicUrl: r.url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    },
    rating: {
      ...eloDefaults,
      pools,
      modePools: matchModes.modePools,
      playerSessionsRated: matchModes.playerSessionsRated,
      repairIntervalMs: r.int('RATING_REPAIR_INTERVAL_MS', 30000, 100, 3600000),
    },
    parties: {
      idleTtlSeconds: r.int('PARTY_IDLE_TTL_SECONDS', 3600, 60, 7 * 86400),
      maxSize: Math.max(2, ...matchModes.modes.map((m) => m.team_size)),
    },
    session: {
      idleTimeoutSeconds: r.int('SESSION_IDLE_TIMEOUT', 1800, 1, 7 * 86400),
      sweepIntervalMs: r.int('SESSION_SWEEP_INTERVAL_MS', 30000, 100, 3600000),
      inviteTtlSeconds: r.int('SESSION_INVITE_TTL_SECONDS', 120, 1, 86400),
      maxStateBytes: 16 * 1024,
    },
    matchmaker: {
      enabled: r.bool('MATCHMAKER_ENABLED', true),
      intervalMs: r.int('MATCHMAKER_INTERVAL_MS', 500, 10, 60000),
      modes: matchModes.modes,
      modesSource: matchModes.source,
    },
    events: {
      retentionSeconds: r.int('EVENTS_RETENTION_SECONDS', 600, 10, 7 * 86400),
      heartbeatSeconds: r.int('EVENTS_HEARTBEAT_SECONDS', 15, 1, 300),
      maxStreamsPerPlayer: r.int('EVENTS_MAX_STREAMS_PER_PLAYER', 3, 1, 100),
      ticketTtlSeconds: r.int('EVENTS_TICKET_TTL_SECONDS', 30, 1, 60),
      maxBufferBytes: r.int('EVENTS_MAX_BUFFER_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    },
  };

  if (r.problems.length > 0) throw new ConfigValidationError(r.problems);
  return config;
}

/**
 * QUEUE_MODES (optional): comma-separated mode names, first one the default, choosing which modes of the modes file
 * are open; a name the file does not define becomes a 1v1 mode with today's default windows. Unset: every mode.
 */
function queueModes(r: EnvReader): string[] | undefined {
  const raw = r.string('QUEUE_MODES');
  if (raw === null) return undefined;
  const modes = [...new Set(raw.split(',').map((m) => m.trim()).filter(Boolean))];
  const bad = modes.filter((m) => !MODE_NAME.test(m));
  if (modes.length === 0 || bad.length > 0) {
    r.problems.push(`QUEUE_MODES must be a comma-separated list of names of a-z, 0-9 and _ (bad: "${bad.join(', ') || raw}")`);
    return undefined;
  }
  return modes;
}

/** The only place the process environment is read. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}
