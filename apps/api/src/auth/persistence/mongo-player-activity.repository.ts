import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isObjectId } from '@libs/common';
import { MODELS, RatingHistoryDocument, SessionDocument } from '@libs/database';
import { InvitationSummary, PlayerActivityRepository, RatingChange, SessionSummary } from '../player-activity.repository';
import { activityMapper, teamsOfSession } from './player-activity.mapper';

@Injectable()
export class MongoPlayerActivityRepository extends PlayerActivityRepository {
  constructor(
    @InjectModel(MODELS.ratingHistory) private readonly ratingHistory: Model<RatingHistoryDocument>,
    @InjectModel(MODELS.session) private readonly sessions: Model<SessionDocument>,
  ) {
    super();
  }

  async recentRatingChanges(playerId: string, limit: number): Promise<RatingChange[]> {
    // Sorted only on indexed fields ({ player_id, timestamp }), so the newest entries come straight off the index.
    const docs = await this.ratingHistory
      .find({ player_id: String(playerId) }, { timestamp: 1, rating: 1, change: 1, session_id: 1, player_id: 1, opponent_id: 1 })
      .sort({ timestamp: -1 })
      .limit(limit)
      .lean()
      .exec();
    // One read by _id for every entry's teammates and opponents, instead of storing them again in each history entry.
    const ids = [...new Set(docs.map((d) => d.session_id))].filter(isObjectId).map((id) => new Types.ObjectId(id));
    const sessions = ids.length ? await this.sessions.find({ _id: { $in: ids } }, { players: 1 }).lean().exec() : [];
    const teams = new Map(sessions.map((s) => [s._id.toHexString(), teamsOfSession(s)]));
    return docs.map((doc) => activityMapper.ratingChangeToDomain(doc, teams.get(doc.session_id)));
  }

  async openInvitations(playerId: string, limit: number): Promise<InvitationSummary[]> {
    const docs = await this.sessions
      .find({ 'invitation.invitee_ids': String(playerId), status: 'pending_acceptance', closed_at: null }, { mode: 1, invitation: 1 })
      .sort({ 'invitation.expires_at': 1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map(activityMapper.invitationToDomain);
  }

  async recentSessions(playerId: string, limit: number): Promise<SessionSummary[]> {
    const docs = await this.sessions
      .find({ player_ids: String(playerId) }, { mode: 1, status: 1, created_at: 1, updated_at: 1, players: 1 })
      .sort({ created_at: -1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map(activityMapper.sessionToDomain);
  }
}
