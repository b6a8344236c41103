import type { Cluster, Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/** The one shared client: a standalone connection or a Redis Cluster, both speak the same command API. */
export type RedisClient = Redis | Cluster;
