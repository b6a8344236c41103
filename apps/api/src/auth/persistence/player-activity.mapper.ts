import { Types } from 'mongoose';
import { RatingHistoryDocument, SessionDocument } from '@libs/database';
import { RatingChange, SessionSummary } from '../player-activity.repository';

type Stored<T> = T & { _id: Types.ObjectId };

export const activityMapper = {
  ratingChangeToDomain(doc: Stored<RatingHistoryDocument>): RatingChange {
    return { timestamp: doc.timestamp, rating: doc.rating, change: doc.change, sessionId: doc.session_id };
  },

  sessionToDomain(doc: Stored<SessionDocument>): SessionSummary {
    return { sessionId: doc._id.toHexString(), mode: doc.mode, status: doc.status, createdAt: doc.created_at, updatedAt: doc.updated_at };
  },
};
