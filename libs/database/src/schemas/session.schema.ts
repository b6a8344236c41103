import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

export const SESSION_STATUSES = ['pending_acceptance', 'waiting', 'active', 'completed', 'abandoned', 'disputed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** Who created a session: the matchmaker (from the queue), a game server, or one of its players. */
export const SESSION_ORIGINS = ['matchmaker', 'server', 'player'] as const;
export type SessionOrigin = (typeof SESSION_ORIGINS)[number];

@Schema({ _id: false })
export class SessionPlayer {
  @Prop({ required: true }) player_id: string;
  /** Rating when the session was created. */
  @Prop({ required: true }) rating: number;
  /** Team index in the session's team order; absent on sessions created before teams (one player per team). */
  @Prop({ type: Number }) team?: number;
}

/** The open invitation of a player-created session (status pending_acceptance); kept as a record once settled. */
@Schema({ _id: false })
export class SessionInvitation {
  @Prop({ required: true }) inviter_id: string;
  /** Every other player of the session: each must accept before anyone is placed. */
  @Prop({ type: [String], required: true }) invitee_ids: string[];
  @Prop({ required: true }) expires_at: Date;
}

@Schema({ collection: 'sessions', versionKey: false })
export class SessionDocument {
  @Prop({ required: true }) mode: string;
  @Prop({ type: String, required: true, enum: SESSION_STATUSES }) status: SessionStatus;
  /** Absent on sessions created before origins were recorded; those read as `server` (see docs/sessions.md). */
  @Prop({ type: String, enum: SESSION_ORIGINS }) origin?: SessionOrigin;
  /** Only on sessions created by a player (origin `player`). */
  @Prop({ type: SessionInvitation, default: null }) invitation?: SessionInvitation | null;
  /** Bounded (2..16 entries, fixed at creation). */
  @Prop({ type: [SessionPlayer], required: true }) players: SessionPlayer[];
  /** Player ids, for "sessions of player X" queries. */
  @Prop({ type: [String], required: true }) player_ids: string[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) state: Record<string, unknown>;
  @Prop({ required: true, default: 1 }) version: number;
  @Prop({ required: true }) created_at: Date;
  @Prop({ required: true }) updated_at: Date;
  /** Set when the session was deleted through the API or swept: its hot data is gone, the record stays. */
  @Prop({ type: Date, default: null }) closed_at: Date | null;
  /** Next history sequence number; history entries live in `session_history`. */
  @Prop({ required: true, default: 0 }) history_seq: number;
}

export type SessionHydrated = HydratedDocument<SessionDocument>;
export const SessionSchema = SchemaFactory.createForClass(SessionDocument);
SessionSchema.index({ player_ids: 1, created_at: -1 });
SessionSchema.index({ status: 1, updated_at: 1 });
// A player's open invitations (profile) and the invitations past their deadline (sweeper).
SessionSchema.index({ 'invitation.invitee_ids': 1, status: 1 }, { sparse: true });
SessionSchema.index({ status: 1, 'invitation.expires_at': 1 }, { sparse: true });

/** One history entry of a session: its own collection, so history is never an unbounded embedded array. */
@Schema({ collection: 'session_history', versionKey: false })
export class SessionHistoryDocument {
  @Prop({ required: true }) session_id: string;
  @Prop({ required: true }) seq: number;
  @Prop({ required: true }) timestamp: Date;
  @Prop({ required: true }) event: string;
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) details: Record<string, unknown>;
}

export type SessionHistoryHydrated = HydratedDocument<SessionHistoryDocument>;
export const SessionHistorySchema = SchemaFactory.createForClass(SessionHistoryDocument);
SessionHistorySchema.index({ session_id: 1, seq: 1 }, { unique: true });
