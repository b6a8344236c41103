import { Injectable } from '@nestjs/common';
import { PlayerStatsCache, toCachedStats } from '../players/player-stats.cache';
import { PlayerRepository } from '../players/player.repository';
import { MatchResultStore, RatingHistoryItem } from './match-result.store';
import { HISTORY_PAGE_SIZE, RatingCache } from './rating-cache';
import { RatedPlayerNotFoundError } from './ratings.errors';

export interface PlayerRatingView {
  player_id: string;
  rating: number;
  games_played: number;
  win_rate: number;
  history: { timestamp: string; rating: number; change: number; session_id: string; opponent_id: string; outcome: number }[];
}

/** A player's rating, stats and history: Redis first (stats mirror, cached first history page), MongoDB behind it. */
@Injectable()
export class PlayerRatingService {
  constructor(
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly cache: RatingCache,
    private readonly store: MatchResultStore,
  ) {}

  /** @throws RatedPlayerNotFoundError (404) */
  async getRating(playerId: string, limit: number, before?: Date): Promise<PlayerRatingView> {
    let stats = await this.stats.read(playerId);
    if (!stats) {
      const player = await this.players.findById(playerId);
      if (!player) throw new RatedPlayerNotFoundError(playerId);
      await this.stats.fill(player.id, player.stats);
      stats = toCachedStats(player.stats);
    }
    const history = before ? await this.store.findHistory(playerId, limit, before) : (await this.firstPage(playerId, stats.games_played)).slice(0, limit);
    return {
      player_id: playerId,
      rating: stats.current_rating,
      games_played: stats.games_played,
      win_rate: stats.win_rate,
      history: history.map((h) => ({
        timestamp: h.timestamp.toISOString(),
        rating: h.rating,
        change: h.change,
        session_id: h.sessionId,
        opponent_id: h.opponentId,
        outcome: h.outcome,
      })),
    };
  }

  private async firstPage(playerId: string, gamesPlayed: number): Promise<RatingHistoryItem[]> {
    const cached = await this.cache.readHistoryPage(playerId, gamesPlayed);
    if (cached) return cached;
    const entries = await this.store.findHistory(playerId, HISTORY_PAGE_SIZE);
    await this.cache.writeHistoryPage(playerId, entries);
    return entries;
  }
}
