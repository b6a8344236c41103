import { Injectable } from '@nestjs/common';
import { DEFAULT_POOL } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PoolRatingCache } from './pool-rating.cache';
import { LeaderboardService } from './leaderboard.service';
import { MatchResultStore } from './match-result.store';
import { ClosedSeason } from './pool-rating.store';
import { RatingPools } from './rating-pools';
import { SeasonsNotSupportedError } from './ratings.errors';

export interface SeasonCloseView {
  pool: string;
  season_id: string;
  closed_season: number;
  current_season: number;
  players: number;
  closed_at: string;
}

/**
 * Seasons of a pool. Closing one is one transaction (in the result transactions' lane, so no result of this replica
 * commits half in the old season): it stores the ending season's final standings and the closed season under the
 * caller's season id. The ratings themselves are reset lazily: a rating written in an earlier season is reset by the
 * pool's rule, once per season that ended since, whenever it is next read or rated. The same season id replays.
 */
@Injectable()
export class SeasonsService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly store: MatchResultStore,
    private readonly pools: RatingPools,
    private readonly leaderboard: LeaderboardService,
    private readonly poolCache: PoolRatingCache,
    logger: AppLogger,
  ) {
    this.log = logger.forService('rating');
  }

  /** @throws UnknownPoolError (404), SeasonsNotSupportedError (409) */
  async close(poolName: string, seasonId: string): Promise<SeasonCloseView> {
    const pool = this.pools.get(poolName);
    if (pool.name === DEFAULT_POOL) throw new SeasonsNotSupportedError(pool.name);
    const { season, replayed } = await this.store.transaction(async (tx) => {
      const existing = await tx.findClosedSeason(pool.name, seasonId);
      if (existing) return { season: existing, replayed: true };
      const number = await tx.currentSeason(pool.name);
      return { season: await tx.closeSeason(pool.name, number, seasonId, new Date()), replayed: false };
    });
    if (!replayed) {
      this.log.info('season_closed', { details: { pool: pool.name, season_id: seasonId, season: season.number, players: season.players } });
      await this.leaderboard.dropSeasonBoard(pool.name, season.number).catch((error) => this.log.warn('season_board_drop_failed', { details: { error } }));
    }
    // Replays too: a retry finishes what a crash after the commit left undone.
    await this.poolCache.putSeason(pool.name, season.number + 1).catch((error) => this.log.warn('season_cache_refresh_failed', { details: { error } }));
    return toView(season);
  }
}

function toView(season: ClosedSeason): SeasonCloseView {
  return {
    pool: season.pool,
    season_id: season.seasonId,
    closed_season: season.number,
    current_season: season.number + 1,
    players: season.players,
    closed_at: season.closedAt.toISOString(),
  };
}
