import type { RatingState } from '../domain';
import type { ClosedSeason } from '../pool-rating.store';
import type { PoolRatingDocument, PoolSeasonDocument } from './pool-rating.schema';

export function poolStateOf(doc: PoolRatingDocument): RatingState {
  return { rating: doc.rating, rd: doc.rd ?? null, volatility: doc.volatility ?? null, mu: doc.mu ?? null, sigma: doc.sigma ?? null, gamesPlayed: doc.games_played, ratedAt: doc.rated_at ?? null };
}

export function toClosedSeason(doc: PoolSeasonDocument): ClosedSeason {
  return { pool: doc.pool, number: doc.number, seasonId: doc.season_id, closedAt: doc.closed_at, players: doc.players };
}
