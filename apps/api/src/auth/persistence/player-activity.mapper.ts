import { Types } from 'mongoose';
import { RatingHistoryDocument, SessionDocument } from '@libs/database';
import { InvitationSummary, RatingChange, SessionSummary } from '../player-activity.repository';

type Stored<T> = T & { _id: Types.ObjectId };

/** Player ids per team; sessions stored before teams have one player per team, in session order. */
export function teamsOfSession(doc: Pick<SessionDocument, 'players'>): string[][] {
  const teams: string[][] = [];
  doc.players.forEach((p, i) => (teams[p.team ?? i] ??= []).push(p.player_id));
  return teams;
}

export const activityMapper = {
  /** `teams`: the session's; when the session cannot be read, the two sides the history entry names. */
  ratingChangeToDomain(doc: Stored<RatingHistoryDocument>, teams: string[][] | undefined): RatingChange {
    return {
      timestamp: doc.timestamp,
      rating: doc.rating,
      change: doc.change,
      sessionId: doc.session_id,
      teams: teams ?? [[doc.player_id], [doc.opponent_id]],
    };
  },

  invitationToDomain(doc: Stored<SessionDocument>): InvitationSummary {
    return { sessionId: doc._id.toHexString(), mode: doc.mode, inviterId: doc.invitation!.inviter_id, expiresAt: doc.invitation!.expires_at };
  },

  sessionToDomain(doc: Stored<SessionDocument>): SessionSummary {
    return { sessionId: doc._id.toHexString(), mode: doc.mode, status: doc.status, createdAt: doc.created_at, updatedAt: doc.updated_at, teams: teamsOfSession(doc) };
  },
};
