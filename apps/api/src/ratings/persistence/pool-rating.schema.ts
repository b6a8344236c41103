import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A player's rating in one pool other than `default` (whose Elo rating stays in the player's profile, so existing data
 * keeps working). Owned by the ratings feature; written only inside result transactions.
 */
@Schema({ collection: 'pool_ratings', versionKey: false })
export class PoolRatingDocument {
  @Prop({ required: true }) pool: string;
  @Prop({ required: true }) player_id: string;
  /** The system's own rating (Glicko-2: not rounded; OpenSkill: the displayed rating). */
  @Prop({ required: true }) rating: number;
  @Prop({ type: Number, default: null }) rd: number | null;
  @Prop({ type: Number, default: null }) volatility: number | null;
  @Prop({ type: Number, default: null }) mu: number | null;
  @Prop({ type: Number, default: null }) sigma: number | null;
  /** Games in this pool over all seasons: the per-player version of the Redis mirrors. */
  @Prop({ required: true }) games_played: number;
  @Prop({ required: true, default: 0 }) wins: number;
  @Prop({ required: true, default: 0 }) losses: number;
  @Prop({ required: true, default: 0 }) draws: number;
  @Prop({ type: Date, default: null }) rated_at: Date | null;
  /** The season this state belongs to; a later season softly resets it when it is next read. */
  @Prop({ required: true }) season: number;
}
export const PoolRatingSchema = SchemaFactory.createForClass(PoolRatingDocument);
// One rating per player and pool: also the guard that two first games of a player cannot both insert one.
PoolRatingSchema.index({ pool: 1, player_id: 1 }, { unique: true });
PoolRatingSchema.index({ pool: 1, season: 1, rating: -1 });
// The repair job pages through a season's players to rebuild its board.
PoolRatingSchema.index({ pool: 1, season: 1, player_id: 1 });

/** One rating change of one player in a pool other than `default`. */
@Schema({ collection: 'pool_rating_history', versionKey: false })
export class PoolRatingHistoryDocument {
  @Prop({ required: true }) pool: string;
  @Prop({ required: true }) player_id: string;
  @Prop({ required: true }) session_id: string;
  @Prop({ required: true }) opponent_id: string;
  @Prop({ required: true }) outcome: number;
  @Prop({ required: true }) old_rating: number;
  @Prop({ required: true }) rating: number;
  @Prop({ required: true }) change: number;
  @Prop({ required: true }) timestamp: Date;
  /** The player's game number in the pool (games_played after this change). */
  @Prop({ required: true }) seq: number;
}
export const PoolRatingHistorySchema = SchemaFactory.createForClass(PoolRatingHistoryDocument);
PoolRatingHistorySchema.index({ pool: 1, player_id: 1, session_id: 1 }, { unique: true });
PoolRatingHistorySchema.index({ pool: 1, player_id: 1, seq: 1 }, { unique: true });
PoolRatingHistorySchema.index({ pool: 1, player_id: 1, timestamp: -1 });

/** A closed season of a pool. The current season is the newest closed number + 1 (1 while none was closed). */
@Schema({ collection: 'pool_seasons', versionKey: false })
export class PoolSeasonDocument {
  @Prop({ required: true }) pool: string;
  /** The closed season's number. */
  @Prop({ required: true }) number: number;
  /** The caller's id for the close request: the same id again replays this close. */
  @Prop({ required: true }) season_id: string;
  @Prop({ required: true }) closed_at: Date;
  @Prop({ required: true }) players: number;
}
export const PoolSeasonSchema = SchemaFactory.createForClass(PoolSeasonDocument);
PoolSeasonSchema.index({ pool: 1, number: 1 }, { unique: true });
PoolSeasonSchema.index({ pool: 1, season_id: 1 }, { unique: true });

/** The final leaderboard of a closed season, one row per ranked player. */
@Schema({ collection: 'season_standings', versionKey: false })
export class SeasonStandingDocument {
  @Prop({ required: true }) pool: string;
  @Prop({ required: true }) season: number;
  @Prop({ required: true }) rank: number;
  @Prop({ required: true }) player_id: string;
  @Prop({ required: true }) rating: number;
  @Prop({ type: Number, default: null }) rd: number | null;
  @Prop({ type: Number, default: null }) volatility: number | null;
  @Prop({ type: Number, default: null }) mu: number | null;
  @Prop({ type: Number, default: null }) sigma: number | null;
}
export const SeasonStandingSchema = SchemaFactory.createForClass(SeasonStandingDocument);
SeasonStandingSchema.index({ pool: 1, season: 1, rank: 1 });
SeasonStandingSchema.index({ pool: 1, season: 1, player_id: 1 }, { unique: true });
