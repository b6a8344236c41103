import { Types } from 'mongoose';
import { MatchResultDocument, RatingHistoryDocument } from '@libs/database';
import { MatchResult } from '../match-result.model';
import { RatingHistoryItem } from '../match-result.store';
import { Outcome, placementsOf } from '../domain';
import { teamOutcome } from '../placements';

type Stored<T> = T & { _id: Types.ObjectId };

/** Results stored before placements hold the first player's outcome; `placementsOf` reads them in the new form. */
function storedPlacements(placements: number[] | null | undefined, outcome: number | null | undefined): number[] | null {
  if (placements?.length) return [...placements];
  return outcome == null ? null : placementsOf(outcome as Outcome);
}

export const matchResultMapper = {
  toDomain(doc: Stored<MatchResultDocument>): MatchResult {
    const teams = doc.teams?.length ? doc.teams.map((team) => [...team]) : doc.player_ids.map((id) => [id]);
    const teamOf = new Map(teams.flatMap((team, i) => team.map((id) => [id, i] as const)));
    return {
      sessionId: doc.session_id,
      teams,
      playerIds: teams.flat(),
      pool: doc.pool ?? 'default',
      status: doc.status,
      reports: (doc.reports ?? []).map((r) => ({ reporter: r.reporter, placements: storedPlacements(r.placements, r.outcome) ?? [], at: r.at })),
      placements: storedPlacements(doc.placements, doc.outcome),
      source: doc.source ?? null,
      changes: (doc.changes ?? []).map((c) => ({
        playerId: c.player_id,
        team: c.team ?? teamOf.get(c.player_id) ?? 0,
        oldRating: c.old_rating,
        newRating: c.new_rating,
        change: c.change,
      })),
      // Results stored before origins were recorded were all rated.
      rated: doc.rated ?? true,
      createdAt: doc.created_at,
      updatedAt: doc.updated_at,
      appliedAt: doc.applied_at ?? null,
      cacheSynced: doc.cache_synced ?? false,
    };
  },

  toPersistence(result: MatchResult): MatchResultDocument {
    const twoTeams = result.teams.length === 2;
    // Two-team results also carry the first team's outcome, the form replicas from before placements read.
    const firstOutcome = (placements: number[] | null) => (twoTeams && placements ? teamOutcome(placements, 0) : null);
    return {
      session_id: result.sessionId,
      player_ids: [...result.playerIds],
      teams: result.teams.map((team) => [...team]),
      pool: result.pool,
      status: result.status,
      reports: result.reports.map((r) => ({ reporter: r.reporter, placements: [...r.placements], outcome: firstOutcome(r.placements), at: r.at })),
      placements: result.placements ? [...result.placements] : null,
      outcome: firstOutcome(result.placements),
      source: result.source,
      changes: result.changes.map((c) => ({ player_id: c.playerId, team: c.team, old_rating: c.oldRating, new_rating: c.newRating, change: c.change })),
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
