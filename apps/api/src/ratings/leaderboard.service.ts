import { Injectable } from '@nestjs/common';
import { DEFAULT_POOL } from '@libs/config';
import { PlayerRepository } from '../players/player.repository';
import type { RatingFields, RatingState } from './domain';
import { PoolRatingCache } from './pool-rating.cache';
import { PoolRatingStore } from './pool-rating.store';
import { Board, poolBoard, PoolMember, RatingCache } from './rating-cache';
import { effectiveState, RatingPool, RatingPools } from './rating-pools';
import { RatedPlayerNotFoundError, SeasonNotFoundError } from './ratings.errors';

/** Players per page when a lost pool board is rebuilt. */
const REBUILD_PAGE = 500;

/** The pool, system and uncertainty shown beside every rating. */
export interface PoolFields extends RatingFields {
  pool: string;
  system: string;
}

export interface LeaderboardEntryView extends PoolFields {
  rank: number;
  player_id: string;
  username: string;
}

export interface PlayerRankView extends PoolFields {
  player_id: string;
  /** Null for a player without rated games (unranked). */
  rank: number | null;
}

/**
 * Leaderboards, one per pool and season. `default` is a Redis sorted set (rating by player) over all time; every other
 * pool has one per season (players enter with their first game of the season), and a closed season's final board is
 * read from its stored standings. Ranks are competition ranks: equal ratings share a rank (1, 2, 2, 4).
 */
@Injectable()
export class LeaderboardService {
  constructor(
    private readonly cache: RatingCache,
    private readonly players: PlayerRepository,
    private readonly pools: RatingPools,
    private readonly poolRatings: PoolRatingStore,
    private readonly poolCache: PoolRatingCache,
  ) {}

  /** @throws UnknownPoolError (404), SeasonNotFoundError (404) */
  async top(limit: number, poolName: string = DEFAULT_POOL, season?: number): Promise<LeaderboardEntryView[]> {
    const pool = this.pools.get(poolName);
    if (pool.name === DEFAULT_POOL) {
      if (season !== undefined && season !== 1) throw new SeasonNotFoundError(pool.name, season);
      const rows = await this.cache.top(limit);
      const names = await this.namesOf(rows.filter((row) => row.username === null).map((row) => row.playerId));
      return ranked(
        rows,
        (row) => row.rating,
        (row, rank) => ({ rank, ...eloFields(pool, row.rating), player_id: row.playerId, username: row.username ?? names.get(row.playerId) ?? '' }),
      );
    }

    const current = await this.poolRatings.currentSeason(pool.name);
    if (season !== undefined && season !== current) return this.closedSeason(pool, season, current, limit);
    const board = poolBoard(pool.name, current);
    const now = new Date();
    if (await this.cache.leaderboardExists(board)) {
      const rows = await this.cache.top(limit, board);
      return ranked(
        rows,
        (row) => row.rating,
        (row, rank) => {
          const member = JSON.parse(row.username ?? '{}') as Partial<PoolMember>;
          const state = memberState(row.rating, member);
          return { rank, ...poolFields(pool, state, now, row.rating), player_id: row.playerId, username: member.username ?? '' };
        },
      );
    }
    // No board in Redis (nobody rated this season yet, or Redis lost it): MongoDB has the same answer.
    const rated = await this.poolRatings.top(pool.name, current, limit);
    const names = await this.namesOf(rated.map((r) => r.playerId));
    const shown = rated.map((r) => ({ playerId: r.playerId, fields: poolFields(pool, r.state, now) }));
    return ranked(
      shown,
      (s) => s.fields.rating,
      (s, rank) => ({ rank, ...s.fields, player_id: s.playerId, username: names.get(s.playerId) ?? '' }),
    );
  }

  /** @throws RatedPlayerNotFoundError (404) for an unknown player, UnknownPoolError (404) */
  async rankOf(playerId: string, poolName: string = DEFAULT_POOL): Promise<PlayerRankView> {
    const pool = this.pools.get(poolName);
    if (pool.name !== DEFAULT_POOL) return this.poolRankOf(pool, playerId);
    const ranked = await this.cache.rankOf(playerId);
    if (ranked) return { player_id: playerId, rank: ranked.rank, ...eloFields(pool, ranked.rating) };
    const player = await this.players.findById(playerId);
    if (!player) throw new RatedPlayerNotFoundError(playerId);
    if (player.stats.gamesPlayed === 0) return { player_id: playerId, rank: null, ...eloFields(pool, player.stats.rating) };
    // Rated but missing from the board (Redis lost it): put the player back from MongoDB and answer from the board.
    await this.cache.rank(player.id, player.username, player.stats.rating, player.stats.gamesPlayed);
    const repaired = await this.cache.rankOf(playerId);
    return { player_id: playerId, rank: repaired?.rank ?? null, ...eloFields(pool, repaired?.rating ?? player.stats.rating) };
  }

  /** Puts the players' current ratings in a pool (other than `default`) on its current season's board. Idempotent. */
  async syncPool(poolName: string, playerIds: string[]): Promise<void> {
    const pool = this.pools.get(poolName);
    const [season, rated, players] = await Promise.all([
      this.poolRatings.currentSeason(pool.name),
      this.poolRatings.findMany(pool.name, playerIds),
      this.players.findByIds(playerIds),
    ]);
    const names = new Map(players.map((p) => [p.id, p.username]));
    const board = poolBoard(pool.name, season);
    await this.poolCache.put(rated);
    await Promise.all(
      rated
        .filter((r) => r.season === season)
        .map((r) => {
          const { state } = r;
          const member: PoolMember = { username: names.get(r.playerId) ?? '', rd: state.rd, volatility: state.volatility, mu: state.mu, sigma: state.sigma, ratedAt: state.ratedAt?.toISOString() ?? null };
          return this.cache.rankInPool(board, r.playerId, pool.system.display(state), state.gamesPlayed, member);
        }),
    );
  }

  /**
   * Rebuilds a pool's current-season board from MongoDB when Redis lost it, whole or in part (results since the loss
   * start a new board that lacks everyone else): it then holds fewer players than MongoDB rated this season. Returns the
   * players re-ranked, or null when the board was complete. Idempotent ("newer wins" writes), safe beside live results.
   */
  async repairPoolBoard(poolName: string): Promise<number | null> {
    const pool = this.pools.get(poolName);
    const season = await this.poolRatings.currentSeason(pool.name);
    const [expected, present] = await Promise.all([this.poolRatings.countInSeason(pool.name, season), this.cache.boardSize(poolBoard(pool.name, season))]);
    if (present >= expected) return null;
    let added = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.poolRatings.playersOfSeason(pool.name, season, after, REBUILD_PAGE);
      if (ids.length > 0) await this.syncPool(pool.name, ids);
      added += ids.length;
      if (ids.length < REBUILD_PAGE) return added;
      after = ids[ids.length - 1];
    }
  }

  /** Drops a closed season's live board (its standings are in MongoDB now). */
  dropSeasonBoard(poolName: string, season: number): Promise<void> {
    return this.cache.dropBoard(poolBoard(poolName, season));
  }

  private async poolRankOf(pool: RatingPool, playerId: string): Promise<PlayerRankView> {
    const [season, stored, player] = await Promise.all([
      this.poolRatings.currentSeason(pool.name),
      this.poolRatings.find(pool.name, playerId),
      this.players.findById(playerId),
    ]);
    if (!player) throw new RatedPlayerNotFoundError(playerId);
    const now = new Date();
    const state = effectiveState(pool, stored?.state ?? null, stored?.season ?? season, season, now);
    if (!stored || stored.season !== season) return { player_id: playerId, rank: null, ...poolFields(pool, state, now) };
    const board: Board = poolBoard(pool.name, season);
    const ranked = await this.cache.rankOf(playerId, board);
    const rank = ranked?.rank ?? (await this.poolRatings.countAbove(pool.name, season, stored.state.rating)) + 1;
    return { player_id: playerId, rank, ...poolFields(pool, state, now) };
  }

  private async closedSeason(pool: RatingPool, season: number, current: number, limit: number): Promise<LeaderboardEntryView[]> {
    if (season > current || season < 1) throw new SeasonNotFoundError(pool.name, season);
    const rows = await this.poolRatings.standings(pool.name, season, limit);
    const names = await this.namesOf(rows.map((r) => r.playerId));
    return rows.map((r) => ({
      rank: r.rank,
      player_id: r.playerId,
      username: names.get(r.playerId) ?? '',
      pool: pool.name,
      system: pool.system.system,
      rating: r.rating,
      rd: r.rd,
      volatility: r.volatility,
      mu: r.mu,
      sigma: r.sigma,
    }));
  }

  private async namesOf(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (ids.length > 0) for (const player of await this.players.findByIds(ids)) names.set(player.id, player.username);
    return names;
  }
}

/**
 * One entry per row (rows best first), each built once with its competition rank: equal ratings share a rank
 * (1, 2, 2, 4). Read on every leaderboard request, so no entry is copied to add its rank.
 */
function ranked<R, E>(rows: readonly R[], ratingOf: (row: R) => number, entry: (row: R, rank: number) => E): E[] {
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || ratingOf(row) !== ratingOf(rows[i - 1])) rank = i + 1;
    return entry(row, rank);
  });
}

export function eloFields(pool: RatingPool, rating: number): PoolFields {
  return { pool: pool.name, system: pool.system.system, rating, rd: null, volatility: null, mu: null, sigma: null };
}

/** The fields of a pool rating as of `now` (Glicko-2 RD grown for idle periods); `rating` overrides the displayed one. */
export function poolFields(pool: RatingPool, state: RatingState, now: Date, rating?: number): PoolFields {
  return { pool: pool.name, system: pool.system.system, ...pool.system.fields(pool.system.current(state, now)), ...(rating === undefined ? {} : { rating }) };
}

function memberState(rating: number, member: Partial<PoolMember>): RatingState {
  return {
    rating,
    rd: member.rd ?? null,
    volatility: member.volatility ?? null,
    mu: member.mu ?? null,
    sigma: member.sigma ?? null,
    gamesPlayed: 0,
    ratedAt: member.ratedAt ? new Date(member.ratedAt) : null,
  };
}
