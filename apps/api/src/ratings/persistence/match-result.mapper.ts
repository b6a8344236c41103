import { Types } from 'mongoose';
import { MatchResultDocument, RatingHistoryDocument } from '@libs/database';
import { MatchResult } from '../match-result.model';
import { RatingHistoryItem } from '../match-result.store';
import type { Outcome } from '../domain';

type Stored<T> = T & { _id: Types.ObjectId };

export const matchResultMapper = {
  toDomain(doc: Stored<MatchResultDocument>): MatchResult {
    return {
      sessionId: doc.session_id,
      playerIds: [doc.player_ids[0], doc.player_ids[1]],
      pool: doc.pool ?? 'default',
      status: doc.status,
      reports: (doc.reports ?? []).map((r) => ({ reporter: r.reporter, outcome: r.outcome as Outcome, at: r.at })),
      outcome: (doc.outcome ?? null) as Outcome | null,
      source: doc.source ?? null,
      changes: (doc.changes ?? []).map((c) => ({ playerId: c.player_id, oldRating: c.old_rating, newRating: c.new_rating, change: c.change })),
      // Results stored before origins were recorded were all rated.
      rated: doc.rated ?? true,
      createdAt: doc.created_at,
      updatedAt: doc.updated_at,
      appliedAt: doc.applied_at ?? null,
      cacheSynced: doc.cache_synced ?? false,
    };
  },

  toPersistence(result: MatchResult): MatchResultDocument {
    return {
      session_id: result.sessionId,
      player_ids: [...result.playerIds],
      pool: result.pool,
      status: result.status,
      reports: result.reports.map((r) => ({ reporter: r.reporter, outcome: r.outcome, at: r.at })),
      outcome: result.outcome,
      source: result.source,
      changes: result.changes.map((c) => ({ player_id: c.playerId, old_rating: c.oldRating, new_rating: c.newRating, change: c.change })),
      rated: result.rated,
      created_at: result.createdAt,
      updated_at: result.updatedAt,
      applied_at: result.appliedAt,
      cache_synced: result.cacheSynced,
    };
  },
};

export const ratingHistoryMapper = {
  toDomain(doc: Stored<RatingHistoryDocument>): RatingHistoryItem {
    return {
      timestamp: doc.timestamp,
      rating: doc.rating,
      change: doc.change,
      sessionId: doc.session_id,
      opponentId: doc.opponent_id,
      outcome: doc.outcome as Outcome,
      seq: doc.seq,
    };
  },
};
