import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** One rating change of one player, from one session. */
@Schema({ collection: 'rating_history', versionKey: false })
export class RatingHistoryDocument {
  @Prop({ required: true }) player_id: string;
  @Prop({ required: true }) session_id: string;
  @Prop({ required: true }) opponent_id: string;
  /** 1 win, 0.5 draw, 0 loss, from `player_id`'s side. */
  @Prop({ required: true }) outcome: number;
  @Prop({ required: true }) old_rating: number;
  /** Rating after this change. */
  @Prop({ required: true }) rating: number;
  @Prop({ required: true }) change: number;
  @Prop({ required: true }) timestamp: Date;
  /** The player's game number (games_played after this change): consecutive per player. */
  @Prop({ required: true }) seq: number;
}

export type RatingHistoryHydrated = HydratedDocument<RatingHistoryDocument>;
export const RatingHistorySchema = SchemaFactory.createForClass(RatingHistoryDocument);
// At most one entry per player and session: the exactly-once guard for rating application.
RatingHistorySchema.index({ player_id: 1, session_id: 1 }, { unique: true });
RatingHistorySchema.index({ player_id: 1, timestamp: -1 });
// Two applications that read the same player state claim the same seq, so only one of them can commit.
RatingHistorySchema.index({ player_id: 1, seq: 1 }, { unique: true });
