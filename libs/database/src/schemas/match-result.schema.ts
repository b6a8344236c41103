import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const MATCH_RESULT_STATUSES = ['pending', 'applied', 'disputed'] as const;
export type MatchResultStatusValue = (typeof MATCH_RESULT_STATUSES)[number];

@Schema({ _id: false })
export class MatchReportEntry {
  /** `server` or the reporting player's id. */
  @Prop({ required: true }) reporter: string;
  /** Outcome of the session's first player (player_ids[0]), whoever reported. */
  @Prop({ required: true }) outcome: number;
  @Prop({ required: true }) at: Date;
}

@Schema({ _id: false })
export class MatchRatingChange {
  @Prop({ required: true }) player_id: string;
  @Prop({ required: true }) old_rating: number;
  @Prop({ required: true }) new_rating: number;
  @Prop({ required: true }) change: number;
}

/** The result of one 1v1 session: the reports received and, once applied, the rating changes (one per session). */
@Schema({ collection: 'match_results', versionKey: false })
export class MatchResultDocument {
  @Prop({ required: true }) session_id: string;
  /** The session's two players, in session order. */
  @Prop({ type: [String], required: true }) player_ids: string[];
  /** The rating pool the session's mode rates in; absent on results stored before pools (= `default`). */
  @Prop({ type: String, default: 'default' }) pool: string;
  @Prop({ type: String, required: true, enum: MATCH_RESULT_STATUSES }) status: MatchResultStatusValue;
  /** Bounded: at most one report per player plus a server's. */
  @Prop({ type: [MatchReportEntry], default: [] }) reports: MatchReportEntry[];
  /** Applied outcome of player_ids[0]; null until applied. */
  @Prop({ type: Number, default: null }) outcome: number | null;
  @Prop({ type: String, default: null }) source: 'server' | 'players' | null;
  @Prop({ type: [MatchRatingChange], default: [] }) changes: MatchRatingChange[];
  /** False: the session may not change ratings (player-created, see docs/ratings.md); applied with no changes. */
  @Prop({ type: Boolean, default: true }) rated: boolean;
  @Prop({ required: true }) created_at: Date;
  @Prop({ required: true }) updated_at: Date;
  @Prop({ type: Date, default: null }) applied_at: Date | null;
  /** False from commit until Redis (stats, leaderboard, session hot copy) has been refreshed from this result. */
  @Prop({ required: true, default: false }) cache_synced: boolean;
}

export type MatchResultHydrated = HydratedDocument<MatchResultDocument>;
export const MatchResultSchema = SchemaFactory.createForClass(MatchResultDocument);
// One result per session: concurrent first reports for a session cannot both be stored.
MatchResultSchema.index({ session_id: 1 }, { unique: true });
// Finds results whose post-commit Redis refresh never finished (the process died in between).
MatchResultSchema.index({ cache_synced: 1, updated_at: 1 });
