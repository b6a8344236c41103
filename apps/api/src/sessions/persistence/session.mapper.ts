import { Types } from 'mongoose';
import { SessionDocument, SessionHistoryDocument } from '@libs/database';
import { Session, SessionHistoryEntry } from '../session.model';

type StoredSession = SessionDocument & { _id: Types.ObjectId };

export const sessionMapper = {
  toDomain(doc: StoredSession): Session {
    return {
      id: doc._id.toHexString(),
      mode: doc.mode,
      status: doc.status,
      // Recorded since origins exist; older sessions were created before players needed consent and read as server.
      origin: doc.origin ?? 'server',
      invitation: doc.invitation
        ? { inviterId: doc.invitation.inviter_id, inviteeIds: doc.invitation.invitee_ids, expiresAt: doc.invitation.expires_at }
        : null,
      players: doc.players.map((p, i) => ({ playerId: p.player_id, rating: p.rating, team: p.team ?? i })),
      state: doc.state ?? {},
      version: doc.version,
      createdAt: doc.created_at,
      updatedAt: doc.updated_at,
      closedAt: doc.closed_at ?? null,
      historySeq: doc.history_seq ?? 0,
    };
  },

  historyToDomain(doc: SessionHistoryDocument): SessionHistoryEntry {
    return { seq: doc.seq, timestamp: doc.timestamp, event: doc.event, details: doc.details ?? {} };
  },
};
