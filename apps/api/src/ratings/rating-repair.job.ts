import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig, DEFAULT_POOL } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { REDIS, RedisClient } from '@libs/redis';
import { LeasedIntervalJob } from '../jobs/leased-interval-job';
import { LeaderboardService } from './leaderboard.service';
import { MatchResultStore } from './match-result.store';
import { MatchResultsService } from './match-results.service';
import { RatingCache } from './rating-cache';
import { RatingPools } from './rating-pools';

/** The post-commit refresh takes milliseconds; a result still unsynced after this lost its request (crash, Redis outage). */
const UNSYNCED_GRACE_MS = 10_000;
const BATCH = 100;

/**
 * Finishes what a crash between a result's commit and its Redis refresh left undone (stats mirror, leaderboard, session
 * hot copy and player states), and rebuilds leaderboards from MongoDB when Redis lost them: the global board of
 * `default` when it is gone, every other pool's current-season board when it is gone or partial. Every write it makes is
 * idempotent and "newer wins", so replicas running it at once are harmless; the lease only saves repeated work.
 */
@Injectable()
export class RatingRepairJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: ServiceLogger;
  private readonly job: LeasedIntervalJob;

  constructor(
    private readonly results: MatchResultsService,
    private readonly store: MatchResultStore,
    private readonly cache: RatingCache,
    private readonly leaderboards: LeaderboardService,
    private readonly pools: RatingPools,
    scheduler: SchedulerRegistry,
    @Inject(REDIS) redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('rating');
    this.job = new LeasedIntervalJob({
      name: 'rating_repair',
      intervalMs: config.rating.repairIntervalMs,
      redis,
      scheduler,
      log: this.log,
      run: async () => {
        const { resynced, leaderboardRebuilt, poolBoardsRebuilt } = await this.repair();
        if (resynced > 0 || leaderboardRebuilt || Object.keys(poolBoardsRebuilt).length > 0) {
          this.log.info('rating_repair_finished', { details: { resynced, leaderboard_rebuilt: leaderboardRebuilt, pool_boards_rebuilt: poolBoardsRebuilt } });
        }
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

  /** The repair itself, without the lease (also used directly by tests and operators). */
  async repair(now = new Date()): Promise<{ resynced: number; leaderboardRebuilt: number | null; poolBoardsRebuilt: Record<string, number> }> {
    let resynced = 0;
    for (const result of await this.store.findUnsynced(new Date(now.getTime() - UNSYNCED_GRACE_MS), BATCH)) {
      if (await this.results.refreshCaches(result)) resynced++;
    }
    const leaderboardRebuilt = (await this.cache.leaderboardExists()) ? null : await this.rebuildLeaderboard();
    const poolBoardsRebuilt: Record<string, number> = {};
    for (const pool of this.pools.all()) {
      if (pool.name === DEFAULT_POOL) continue;
      const rebuilt = await this.leaderboards.repairPoolBoard(pool.name);
      if (rebuilt !== null) poolBoardsRebuilt[pool.name] = rebuilt;
    }
    return { resynced, leaderboardRebuilt, poolBoardsRebuilt };
  }

  /** Re-adds every rated player from MongoDB, in pages; concurrent results are safe (newer scores win). */
  private async rebuildLeaderboard(): Promise<number> {
    let added = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.store.findRankedPlayers(after, 500);
      // Ranking is order-independent (the newer games_played wins), so a page is written in parallel.
      await Promise.all(page.map((p) => this.cache.rank(p.id, p.username, p.rating, p.gamesPlayed)));
      added += page.length;
      if (page.length < 500) return added;
      after = page[page.length - 1].id;
    }
  }
}
