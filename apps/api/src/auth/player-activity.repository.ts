import type { SessionStatus } from '@libs/database';

export interface RatingChange {
  timestamp: Date;
  /** Rating after the change. */
  rating: number;
  change: number;
  sessionId: string;
  /** The session's player ids per team, in team order (one player per team for 1v1 and free-for-all). */
  teams: string[][];
}

export interface SessionSummary {
  sessionId: string;
  mode: string;
  status: SessionStatus;
  createdAt: Date;
  updatedAt: Date;
  /** Player ids per team, in team order. */
  teams: string[][];
}

export interface InvitationSummary {
  sessionId: string;
  mode: string;
  inviterId: string;
  expiresAt: Date;
}

/** Read-only port over what other features record about a player (rating changes, sessions), for the profile. */
export abstract class PlayerActivityRepository {
  /** Newest first. */
  abstract recentRatingChanges(playerId: string, limit: number): Promise<RatingChange[]>;
  /** Newest first (by creation). */
  abstract recentSessions(playerId: string, limit: number): Promise<SessionSummary[]>;
  /** Sessions still waiting for acceptances that invite the player (expired ones included), soonest deadline first. */
  abstract openInvitations(playerId: string, limit: number): Promise<InvitationSummary[]>;
}
