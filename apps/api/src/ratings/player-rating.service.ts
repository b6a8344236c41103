import { Injectable } from '@nestjs/common';
import { DEFAULT_POOL } from '@libs/config';
import { winRate } from '../players/player.model';
import { PlayerStatsCache, toCachedStats } from '../players/player-stats.cache';
import { PlayerRepository } from '../players/player.repository';
import { eloFields, PoolFields, poolFields } from './leaderboard.service';
import { MatchResultStore, RatingHistoryItem } from './match-result.store';
import { PoolRatingStore, StoredPoolRating } from './pool-rating.store';
import { HISTORY_PAGE_SIZE, RatingCache, RatingHistoryView } from './rating-cache';
import { effectiveState, RatingPools } from './rating-pools';
import { RatedPlayerNotFoundError } from './ratings.errors';

export interface PoolSummaryView {
  pool: string;
  system: string;
  rating: number;
  games_played: number;
}

export interface PoolStandingView extends PoolFields {
  player_id: string;
  games_played: number;
  win_rate: number;
  /** Every pool the player has a rating in (`default` always). */
  pools: PoolSummaryView[];
}

export interface PlayerRatingView extends PoolStandingView {
  history: RatingHistoryView[];
}

/**
 * A player's rating, stats and history in one pool. `default`: Redis first (stats mirror, cached first history page),
 * MongoDB behind it. Other pools: read from MongoDB, as of now (season resets and Glicko-2 RD growth applied lazily).
 */
@Injectable()
export class PlayerRatingService {
  constructor(
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly cache: RatingCache,
    private readonly store: MatchResultStore,
    private readonly pools: RatingPools,
    private readonly poolRatings: PoolRatingStore,
  ) {}

  /** @throws RatedPlayerNotFoundError (404), UnknownPoolError (404) */
  async getRating(playerId: string, limit: number, before?: Date, poolName: string = DEFAULT_POOL): Promise<PlayerRatingView> {
    if (poolName === DEFAULT_POOL && !before) {
      // The cached first page is read beside the standing (one round trip for both); it is served only when it
      // reflects exactly the games the standing counts, else the page comes from MongoDB and is cached again.
      const [standing, cached] = await Promise.all([this.standing(playerId), this.cache.readHistoryPage(playerId)]);
      const page = cached && cached.version === standing.games_played ? cached.entries : (await this.pageFromStore(playerId)).map(historyView);
      return { ...standing, history: page.slice(0, limit) };
    }
    const standing = await this.standing(playerId, poolName);
    const history =
      standing.pool !== DEFAULT_POOL ? await this.poolRatings.findHistory(standing.pool, playerId, limit, before) : await this.store.findHistory(playerId, limit, before);
    return { ...standing, history: history.map(historyView) };
  }

  /**
   * The player's rating in one pool as of now (with its uncertainty, games and win rate) and the list of their pools:
   * every rating view but the history.
   * @throws RatedPlayerNotFoundError (404), UnknownPoolError (404)
   */
  async standing(playerId: string, poolName: string = DEFAULT_POOL): Promise<PoolStandingView> {
    const pool = this.pools.get(poolName);
    // The other pools' ratings are read beside the stats when their mirror holds them (one round trip for both);
    // a miss is filled only once the stats show the player exists. With `default` as the only pool (no modes file
    // defines others) there is nothing to look up.
    const otherPools = this.pools
      .all()
      .map((p) => p.name)
      .filter((name) => name !== DEFAULT_POOL);
    const early = otherPools.length === 0 ? null : this.poolRatings.findByPlayerIfCached(playerId, otherPools);
    early?.catch(() => undefined);
    let stats = await this.stats.read(playerId);
    if (!stats) {
      const player = await this.players.findById(playerId);
      if (!player) throw new RatedPlayerNotFoundError(playerId);
      await this.stats.fill(player.id, player.stats);
      stats = toCachedStats(player.stats);
    }
    const rated = (await early) ?? (otherPools.length === 0 ? [] : await this.poolRatings.findByPlayer(playerId, otherPools));
    // The current season of every pool shown (the one asked for, and each one the player is rated in), read once.
    const shownPools = new Set(rated.map((r) => r.pool));
    if (pool.name !== DEFAULT_POOL) shownPools.add(pool.name);
    const seasons = new Map(await Promise.all([...shownPools].map(async (p) => [p, await this.poolRatings.currentSeason(p)] as const)));
    const now = new Date();
    const pools = this.summaries(stats.current_rating, stats.games_played, rated, seasons, now);
    if (pool.name === DEFAULT_POOL) {
      return { player_id: playerId, ...eloFields(pool, stats.current_rating), games_played: stats.games_played, win_rate: stats.win_rate, pools };
    }
    // The player's rating in this pool is among those already read.
    const stored = rated.find((r) => r.pool === pool.name) ?? null;
    const season = seasons.get(pool.name)!;
    const state = effectiveState(pool, stored?.state ?? null, stored?.season ?? season, season, now);
    return {
      player_id: playerId,
      ...poolFields(pool, state, now),
      games_played: state.gamesPlayed,
      win_rate: winRate({ wins: stored?.wins ?? 0, gamesPlayed: state.gamesPlayed }),
      pools,
    };
  }

  /** The player's pools: `default` (from the stats mirror) and every other pool they are `rated` in, as of `now`. */
  private summaries(defaultRating: number, defaultGames: number, rated: StoredPoolRating[], seasons: Map<string, number>, now: Date): PoolSummaryView[] {
    const others = rated.flatMap((r) => {
      const pool = this.pools.all().find((p) => p.name === r.pool);
      if (!pool) return [];
      const state = effectiveState(pool, r.state, r.season, seasons.get(r.pool) ?? r.season, now);
      return [{ pool: pool.name, system: pool.system.system, rating: pool.system.display(state), games_played: state.gamesPlayed }];
    });
    const main = this.pools.get(DEFAULT_POOL);
    return [{ pool: main.name, system: main.system.system, rating: defaultRating, games_played: defaultGames }, ...others];
  }

  private async pageFromStore(playerId: string): Promise<RatingHistoryItem[]> {
    const entries = await this.store.findHistory(playerId, HISTORY_PAGE_SIZE);
    await this.cache.writeHistoryPage(playerId, entries);
    return entries;
  }
}

function historyView(h: RatingHistoryItem): RatingHistoryView {
  return { timestamp: h.timestamp.toISOString(), rating: h.rating, change: h.change, session_id: h.sessionId, opponent_id: h.opponentId, outcome: h.outcome };
}
