import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isObjectId } from '@libs/common';
import { MODELS, SessionDocument, SessionHistoryDocument } from '@libs/database';
import { UNFINISHED_STATUSES } from '../session-status';
import { NewHistoryEntry, Session, SessionHistoryEntry } from '../session.model';
import { NewSession, SessionChange, SessionRepository } from '../session.repository';
import { sessionMapper } from './session.mapper';

/**
 * Server-side bound on a conditional write, kept far below the Redis write-intent lease (session-hot.store.ts) so a
 * write can never land after its intent has expired.
 */
export const SESSION_WRITE_MAX_TIME_MS = 5000;

@Injectable()
export class MongoSessionRepository extends SessionRepository {
  constructor(
    @InjectModel(MODELS.session) private readonly sessions: Model<SessionDocument>,
    @InjectModel(MODELS.sessionHistory) private readonly history: Model<SessionHistoryDocument>,
  ) {
    super();
  }

  newId(): string {
    return new Types.ObjectId().toHexString();
  }

  async create(session: NewSession, first: NewHistoryEntry): Promise<Session> {
    const doc = await this.sessions.create({
      _id: new Types.ObjectId(session.id),
      mode: session.mode,
      status: session.invitation ? 'pending_acceptance' : 'waiting',
      origin: session.origin,
      invitation: session.invitation
        ? { inviter_id: session.invitation.inviterId, invitee_ids: session.invitation.inviteeIds, expires_at: session.invitation.expiresAt }
        : null,
      players: session.players.map((p) => ({ player_id: p.playerId, rating: p.rating, team: p.team })),
      player_ids: session.players.map((p) => p.playerId),
      state: session.state,
      version: 1,
      created_at: session.createdAt,
      updated_at: session.createdAt,
      closed_at: null,
      history_seq: 1,
    });
    await this.history.create({ session_id: session.id, seq: 1, ...first });
    return sessionMapper.toDomain(doc.toObject());
  }

  async discard(sessionId: string): Promise<void> {
    await this.sessions.deleteOne({ _id: new Types.ObjectId(sessionId) }).exec();
    await this.history.deleteMany({ session_id: sessionId }).exec();
  }

  async findById(sessionId: string): Promise<Session | null> {
    if (!isObjectId(sessionId)) return null;
    const doc = await this.sessions.findById(sessionId).lean().exec();
    return doc ? sessionMapper.toDomain(doc) : null;
  }

  async findOpenSessionOf(playerIds: string[]): Promise<{ sessionId: string; playerIds: string[] } | null> {
    const doc = await this.sessions
      .findOne({ player_ids: { $in: playerIds }, status: { $in: UNFINISHED_STATUSES }, closed_at: null }, { player_ids: 1 })
      .lean()
      .exec();
    return doc ? { sessionId: doc._id.toHexString(), playerIds: doc.player_ids } : null;
  }

  async applyChange(
    sessionId: string,
    expected: { version: number; status: Session['status'] },
    change: SessionChange,
    entries: number,
  ): Promise<Session | null> {
    const $set: Record<string, unknown> = { updated_at: change.at };
    if (change.status !== undefined) $set.status = change.status;
    if (change.state !== undefined) $set.state = change.state;
    if (change.close) $set.closed_at = change.at;
    const doc = await this.sessions
      .findOneAndUpdate(
        { _id: new Types.ObjectId(sessionId), version: expected.version, status: expected.status, closed_at: null },
        { $set, $inc: { version: 1, history_seq: entries } },
        { new: true, maxTimeMS: SESSION_WRITE_MAX_TIME_MS },
      )
      .lean()
      .exec();
    return doc ? sessionMapper.toDomain(doc) : null;
  }

  async appendHistory(sessionId: string, lastSeq: number, entries: NewHistoryEntry[]): Promise<void> {
    const first = lastSeq - entries.length + 1;
    const rows = entries.map((entry, i) => ({ session_id: sessionId, seq: first + i, ...entry }));
    if (rows.length > 0) await this.history.insertMany(rows, { ordered: true });
  }

  async recentHistory(sessionId: string, limit: number): Promise<SessionHistoryEntry[]> {
    const docs = await this.history.find({ session_id: sessionId }).sort({ seq: -1 }).limit(limit).lean().exec();
    return docs.reverse().map((doc) => sessionMapper.historyToDomain(doc));
  }

  async findExpiredInvitations(now: Date, limit: number): Promise<Session[]> {
    const docs = await this.sessions
      .find({ status: 'pending_acceptance', 'invitation.expires_at': { $lt: now }, closed_at: null })
      .sort({ 'invitation.expires_at': 1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map((doc) => sessionMapper.toDomain(doc));
  }

  async findIdle(cutoff: Date, limit: number): Promise<Session[]> {
    const docs = await this.sessions
      .find({ status: { $in: UNFINISHED_STATUSES }, updated_at: { $lt: cutoff }, closed_at: null })
      .sort({ updated_at: 1 })
      .limit(limit)
      .lean()
      .exec();
    return docs.map((doc) => sessionMapper.toDomain(doc));
  }
}
