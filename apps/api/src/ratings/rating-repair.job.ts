import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, newTraceId, runWithTrace, ServiceLogger } from '@libs/logging';
import { keys, REDIS, RedisClient } from '@libs/redis';
import { MatchResultStore } from './match-result.store';
import { MatchResultsService } from './match-results.service';
import { RatingCache } from './rating-cache';

const JOB = 'rating_repair';
/** The post-commit refresh takes milliseconds; a result still unsynced after this lost its request (crash, Redis outage). */
const UNSYNCED_GRACE_MS = 10_000;
const BATCH = 100;

/**
 * Finishes what a crash between a result's commit and its Redis refresh left undone (stats mirror, leaderboard, session
 * hot copy and player states), and rebuilds the leaderboard from MongoDB when Redis lost it. Every write it makes is
 * idempotent and "newer wins", so replicas running it at once are harmless; the lease only saves repeated work.
 */
@Injectable()
export class RatingRepairJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: ServiceLogger;
  private readonly owner = randomUUID();
  private running: Promise<void> | null = null;

  constructor(
    private readonly results: MatchResultsService,
    private readonly store: MatchResultStore,
    private readonly cache: RatingCache,
    private readonly scheduler: SchedulerRegistry,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('rating');
  }

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(JOB, setInterval(() => this.tick(), this.config.rating.repairIntervalMs));
  }

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

  /** The repair itself, without the lease (also used directly by tests and operators). */
  async repair(now = new Date()): Promise<{ resynced: number; leaderboardRebuilt: number | null }> {
    let resynced = 0;
    for (const result of await this.store.findUnsynced(new Date(now.getTime() - UNSYNCED_GRACE_MS), BATCH)) {
      if (await this.results.refreshCaches(result)) resynced++;
    }
    const leaderboardRebuilt = (await this.cache.leaderboardExists()) ? null : await this.rebuildLeaderboard();
    return { resynced, leaderboardRebuilt };
  }

  private async run(): Promise<void> {
    try {
      const leaseMs = Math.max(50, Math.floor(this.config.rating.repairIntervalMs * 0.9));
      const leased = await this.redis.set(keys.jobLease(JOB), this.owner, 'PX', leaseMs, 'NX');
      if (leased !== 'OK') return;
      const { resynced, leaderboardRebuilt } = await this.repair();
      if (resynced > 0 || leaderboardRebuilt) this.log.info('rating_repair_finished', { details: { resynced, leaderboard_rebuilt: leaderboardRebuilt } });
    } catch (error) {
      this.log.error('rating_repair_failed', { details: { error } });
    }
  }

  /** Re-adds every rated player from MongoDB, in pages; concurrent results are safe (newer scores win). */
  private async rebuildLeaderboard(): Promise<number> {
    let added = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.store.findRankedPlayers(after, 500);
      for (const player of page) await this.cache.rank(player.id, player.username, player.rating, player.gamesPlayed);
      added += page.length;
      if (page.length < 500) return added;
      after = page[page.length - 1].id;
    }
  }
}
