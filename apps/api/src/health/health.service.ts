import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { REDIS, RedisClient } from '@libs/redis';

export interface DependencyStatus {
  status: 'up' | 'down';
  latency_ms?: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 1000;

function withTimeout<T>(promise: Promise<T>, name: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class HealthService {
  private shuttingDown = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @InjectConnection() private readonly mongo: Connection,
  ) {}

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, DependencyStatus> }> {
    const [redis, mongodb] = await Promise.all([
      this.check('redis', async () => {
        if (this.redis.status !== 'ready') throw new Error(`connection ${this.redis.status}`);
        await this.redis.ping();
      }),
      this.check('mongodb', async () => {
        if (this.mongo.readyState !== 1 || !this.mongo.db) throw new Error('not connected');
        await this.mongo.db.admin().ping();
      }),
    ]);
    const checks: Record<string, DependencyStatus> = { redis, mongodb };
    if (this.shuttingDown) checks.app = { status: 'down', error: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.status === 'up'), checks };
  }

  private async check(name: string, probe: () => Promise<void>): Promise<DependencyStatus> {
    const started = process.hrtime.bigint();
    try {
      await withTimeout(probe(), name);
      return { status: 'up', latency_ms: Number(process.hrtime.bigint() - started) / 1e6 };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }
}
