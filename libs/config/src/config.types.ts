import type { MatchMode } from './match-modes';
import type { RatingPoolConfig } from './rating-pools';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Which peers may set X-Forwarded-For: false (none: the socket address is the client), a hop count (that many
 * proxies in front of the service), or the proxies' addresses/CIDRs. Passed to Fastify as is.
 */
export type TrustProxy = false | number | string[];

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** True when at least one backing service is a private, non-durable stand-in. */
  devMode: boolean;
  redis: {
    /** Standalone Redis URL; null when a Redis Cluster is configured or a stand-in is to be spawned. */
    url: string | null;
    /** Seed nodes of a Redis Cluster; empty for standalone Redis. */
    clusterNodes: RedisNode[];
    /** ACL user for Redis Cluster nodes (a standalone URL carries its own credentials). */
    username: string | null;
    /** Password for Redis Cluster nodes (a standalone URL carries its own credentials). */
    password: string | null;
  };
  mongodb: { uri: string | null };
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** Shared secret game servers send as `X-Server-Key`; null disables server authentication. */
  gameServerKey: string | null;
  auth: {
    /** Failed logins per username in a window before 429. */
    loginMaxFailures: number;
    /** Failed logins per client address in a window before 429 (successes never count). */
    loginMaxFailuresPerClient: number;
    loginWindowSeconds: number;
    /** Registrations (attempts) per client address per window (REGISTER_MAX_PER_CLIENT / REGISTER_WINDOW_SECONDS). */
    registerMaxPerClient: number;
    registerWindowSeconds: number;
  };
  http: {
    bodyLimitBytes: number;
    shutdownTimeoutMs: number;
    /** Who may set X-Forwarded-For (TRUST_PROXY): the client address is derived from it only through these hops. */
    trustProxy: TrustProxy;
    /** Whole request, from first byte to response (Node's requestTimeout). */
    requestTimeoutMs: number;
    /** Until the request headers are complete (Node's headersTimeout). */
    headersTimeoutMs: number;
    /** Idle keep-alive connection lifetime. */
    keepAliveTimeoutMs: number;
    /** Serve Swagger UI and /docs-json (DOCS_ENABLED; default off in production). */
    docsEnabled: boolean;
    /** Port of the separate metrics listener; 0 serves /metrics on the API port (METRICS_PORT). */
    metricsPort: number;
    /** Public base URL of the API as clients reach it (PUBLIC_URL), listed as the OpenAPI `servers` entry; null: relative. */
    publicUrl: string | null;
  };
  rating: {
    initial: number;
    kFactor: number;
    provisionalKFactor: number;
    provisionalGames: number;
    /** Rating pools, `default` first (today's Elo unless the modes file defines it). */
    pools: RatingPoolConfig[];
    /** The pool of each mode that names one; every other mode rates in `default`. */
    modePools: Record<string, string>;
    /** Modes of the modes file whose player-created sessions are rated (`player_sessions_rated`); all others are not. */
    playerSessionsRated: string[];
    /** How often a replica looks for results whose post-commit Redis refresh never finished (RATING_REPAIR_INTERVAL_MS). */
    repairIntervalMs: number;
  };
  parties: {
    /** Seconds without a change after which a party expires (PARTY_IDLE_TTL_SECONDS). */
    idleTtlSeconds: number;
    /** Most members a party may have: the largest team_size of the modes (at least 2). */
    maxSize: number;
  };
  session: {
    idleTimeoutSeconds: number;
    sweepIntervalMs: number;
    maxStateBytes: number;
    /** How long the invitees of a player-created session have to accept it (SESSION_INVITE_TTL_SECONDS). */
    inviteTtlSeconds: number;
  };
  matchmaker: {
    enabled: boolean;
    intervalMs: number;
    /** Queue modes players may join (modes file, narrowed by QUEUE_MODES); the first is the default. Never empty. */
    modes: MatchMode[];
    /** Where the modes came from (for the start-up log). */
    modesSource: string;
  };
  events: {
    /** Events are kept per player for at least this long, for replay after a reconnect (EVENTS_RETENTION_SECONDS). */
    retentionSeconds: number;
    /** Comment line sent on every open stream this often, so proxies and clients see the stream alive. */
    heartbeatSeconds: number;
    /** Open streams per player across all replicas; opening one more closes the oldest. */
    maxStreamsPerPlayer: number;
    /** Lifetime of a one-time stream ticket (at most 60 s). */
    ticketTtlSeconds: number;
    /** Bytes a stream may have waiting for a slow client before that client is dropped. */
    maxBufferBytes: number;
  };
}
