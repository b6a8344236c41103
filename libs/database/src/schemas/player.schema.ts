import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

@Schema({ _id: false })
export class PlayerAuthData {
  @Prop({ required: true }) password_hash: string;
  @Prop({ type: Date, default: null }) last_login: Date | null;
}

@Schema({ _id: false })
export class PlayerProfile {
  @Prop({ required: true }) created_at: Date;
  @Prop({ required: true, default: 0 }) games_played: number;
  @Prop({ required: true }) current_rating: number;
  @Prop({ required: true, default: 0 }) wins: number;
  @Prop({ required: true, default: 0 }) losses: number;
  @Prop({ required: true, default: 0 }) draws: number;
  /** Sessions that ended abandoned for this player (deleted before completion or swept as idle). */
  @Prop({ required: true, default: 0 }) abandoned: number;
}

@Schema({ collection: 'players', versionKey: false })
export class PlayerDocument {
  @Prop({ required: true }) username: string;
  /** Lower-cased username: the unique key that makes names case-insensitively unique. */
  @Prop({ required: true }) username_lower: string;
  @Prop({ type: PlayerAuthData, required: true }) auth_data: PlayerAuthData;
  @Prop({ type: PlayerProfile, required: true }) profile: PlayerProfile;
}

export type PlayerHydrated = HydratedDocument<PlayerDocument>;
export const PlayerSchema = SchemaFactory.createForClass(PlayerDocument);
PlayerSchema.index({ username_lower: 1 }, { unique: true });
PlayerSchema.index({ 'profile.current_rating': -1 });
