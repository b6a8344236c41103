import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { MODELS, RatingHistoryDocument, SessionDocument } from '@libs/database';
import { PlayerActivityRepository, RatingChange, SessionSummary } from '../player-activity.repository';
import { activityMapper } from './player-activity.mapper';

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
      .find({ player_id: String(playerId) }, { timestamp: 1, rating: 1, change: 1, session_id: 1 })
      .sort({ timestamp: -1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map(activityMapper.ratingChangeToDomain);
  }

  async recentSessions(playerId: string, limit: number): Promise<SessionSummary[]> {
    const docs = await this.sessions
      .find({ player_ids: String(playerId) }, { mode: 1, status: 1, created_at: 1, updated_at: 1 })
      .sort({ created_at: -1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map(activityMapper.sessionToDomain);
  }
}
