import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { REDIS, RedisClient } from '@libs/redis';
import { LeasedIntervalJob } from '../jobs/leased-interval-job';
import { SessionInvitations } from './session-invitations';
import { SessionsService } from './sessions.service';

/**
 * Every SESSION_SWEEP_INTERVAL_MS, abandons sessions idle for SESSION_IDLE_TIMEOUT and cancels invitations past
 * their deadline (SESSION_INVITE_TTL_SECONDS). Correct on N replicas because each
 * abandonment is a conditional write; a short Redis lease just keeps the other replicas from repeating the scan.
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: ServiceLogger;
  private readonly job: LeasedIntervalJob;

  constructor(
    private readonly sessions: SessionsService,
    private readonly invitations: SessionInvitations,
    scheduler: SchedulerRegistry,
    @Inject(REDIS) redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
    this.job = new LeasedIntervalJob({
      name: 'session_sweep',
      intervalMs: config.session.sweepIntervalMs,
      redis,
      scheduler,
      log: this.log,
      run: async () => {
        const now = new Date();
        const abandoned = await this.sessions.abandonIdleSessions(now);
        const expired = await this.invitations.expireDue(now);
        this.log.debug('session_sweep_finished', { details: { abandoned, expired_invitations: expired } });
      },
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  tick(): Promise<void> {
    return this.job.tick();
  }
}
