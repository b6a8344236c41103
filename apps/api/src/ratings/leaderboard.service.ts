import { Injectable } from '@nestjs/common';
import { PlayerRepository } from '../players/player.repository';
import { RatingCache } from './rating-cache';
import { RatedPlayerNotFoundError } from './ratings.errors';

export interface LeaderboardEntryView {
  rank: number;
  player_id: string;
  username: string;
  rating: number;
}

export interface PlayerRankView {
  player_id: string;
  /** Null for a player without rated games (unranked). */
  rank: number | null;
  rating: number;
}

/**
 * The leaderboard is a Redis sorted set (rating by player). Ranks are competition ranks: players with equal ratings
 * share a rank, and the next rank skips accordingly (1, 2, 2, 4).
 */
@Injectable()
export class LeaderboardService {
  constructor(
    private readonly cache: RatingCache,
    private readonly players: PlayerRepository,
  ) {}

  async top(limit: number): Promise<LeaderboardEntryView[]> {
    const rows = await this.cache.top(limit);
    const unnamed = rows.filter((row) => row.username === null).map((row) => row.playerId);
    const names = new Map<string, string>();
    if (unnamed.length > 0) for (const player of await this.players.findByIds(unnamed)) names.set(player.id, player.username);

    let rank = 0;
    return rows.map((row, i) => {
      if (i === 0 || row.rating !== rows[i - 1].rating) rank = i + 1;
      return { rank, player_id: row.playerId, username: row.username ?? names.get(row.playerId) ?? '', rating: row.rating };
    });
  }

  /** @throws RatedPlayerNotFoundError (404) for an unknown player */
  async rankOf(playerId: string): Promise<PlayerRankView> {
    const ranked = await this.cache.rankOf(playerId);
    if (ranked) return { player_id: playerId, ...ranked };
    const player = await this.players.findById(playerId);
    if (!player) throw new RatedPlayerNotFoundError(playerId);
    if (player.stats.gamesPlayed === 0) return { player_id: playerId, rank: null, rating: player.stats.rating };
    // Rated but missing from the board (Redis lost it): put the player back from MongoDB and answer from the board.
    await this.cache.rank(player.id, player.username, player.stats.rating, player.stats.gamesPlayed);
    const repaired = await this.cache.rankOf(playerId);
    return { player_id: playerId, rank: repaired?.rank ?? null, rating: repaired?.rating ?? player.stats.rating };
  }
}
