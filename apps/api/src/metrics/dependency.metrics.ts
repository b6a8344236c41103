import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import { REDIS, RedisClient } from '@libs/redis';
import { MetricsService } from './metrics.service';

/** Counts Redis connection errors as ioredis reports them (standalone and Cluster alike), for the Redis-errors alert. */
@Injectable()
export class RedisErrorMetrics implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const errors = new Counter({
      name: 'gsm_redis_errors_total',
      help: 'Redis connection and node errors reported by the client',
      labelNames: ['kind'],
      registers: [this.metrics.registry],
    });
    errors.inc({ kind: 'connection' }, 0);
    this.redis.on('error', () => errors.inc({ kind: 'connection' }));
    this.redis.on('node error', () => errors.inc({ kind: 'node' }));
  }
}
