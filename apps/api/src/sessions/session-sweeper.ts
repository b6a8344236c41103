import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, newTraceId, runWithTrace, ServiceLogger } from '@libs/logging';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { SessionsService } from './sessions.service';

const JOB = 'session_sweeper';

/**
 * Every SESSION_SWEEP_INTERVAL_MS, abandons sessions idle for SESSION_IDLE_TIMEOUT. Correct on N replicas because each
 * abandonment is a conditional write; a short Redis lease just keeps the other replicas from repeating the scan.
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: ServiceLogger;
  private readonly owner = randomUUID();
  private running: Promise<void> | null = null;

  constructor(
    private readonly sessions: SessionsService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
  }

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(JOB, setInterval(() => this.tick(), this.config.session.sweepIntervalMs));
  }

  /** Stops the timer and lets a pass in progress finish before Redis and MongoDB connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  /** One scheduled run: skipped while the previous one is still going or another replica holds this tick's lease. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = runWithTrace(newTraceId(), () => this.run()).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const leaseMs = Math.max(50, Math.floor(this.config.session.sweepIntervalMs * 0.9));
      const leased = await this.redis.set(keys.jobLease(JOB), this.owner, 'PX', leaseMs, 'NX');
      if (leased !== 'OK') return;
      const abandoned = await this.sessions.abandonIdleSessions(new Date());
      this.log.debug('session_sweep_finished', { details: { abandoned } });
    } catch (error) {
      this.log.error('session_sweep_failed', { details: { error } });
    }
  }
}
