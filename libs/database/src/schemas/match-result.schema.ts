import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const MATCH_RESULT_STATUSES = ['pending', 'applied', 'disputed'] as const;
export type MatchResultStatusValue = (typeof MATCH_RESULT_STATUSES)[number];

@Schema({ _id: false })
export class MatchReportEntry {
  /** `server` or the reporting player's id. */
  @Prop({ required: true }) reporter: string;
  /** The reported placements in the session's team order (canonical); absent on reports stored before placements. */
  @Prop({ type: [Number], default: undefined }) placements?: number[];
  /** Outcome of the first team (1 win, 0.5 draw, 0 loss) for two-team results, null otherwise; kept for older readers. */
  @Prop({ type: Number, default: null }) outcome: number | null;
  @Prop({ required: true }) at: Date;
}

@Schema({ _id: false })
export class MatchRatingChange {
  @Prop({ required: true }) player_id: string;
  /** Team index in the session's team order; absent on changes stored before teams (one player per team). */
  @Prop({ type: Number }) team?: number;
  @Prop({ required: true }) old_rating: number;
  @Prop({ required: true }) new_rating: number;
  @Prop({ required: true }) change: number;
}

/** The result of one session: the reports received and, once applied, the rating changes (one per session). */
@Schema({ collection: 'match_results', versionKey: false })
export class MatchResultDocument {
  @Prop({ required: true }) session_id: string;
  /** The session's players, team by team (`teams` flattened). */
  @Prop({ type: [String], required: true }) player_ids: string[];
  /** Player ids per team in the session's team order; absent on results stored before teams (one player per team). */
  @Prop({ type: [[String]], default: undefined }) teams?: string[][];
  /** The rating pool the session's mode rates in; absent on results stored before pools (= `default`). */
  @Prop({ type: String, default: 'default' }) pool: string;
  @Prop({ type: String, required: true, enum: MATCH_RESULT_STATUSES }) status: MatchResultStatusValue;
  /** Bounded: at most one report per player (16) plus a server's. */
  @Prop({ type: [MatchReportEntry], default: [] }) reports: MatchReportEntry[];
  /** Applied placements in team order (canonical); null until applied; absent on results stored before placements. */
  @Prop({ type: [Number], default: undefined }) placements?: number[] | null;
  /** Applied outcome of the first team for two-team results (null otherwise, and until applied); kept for older readers. */
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
