import type { SessionOrigin } from '@libs/database';
import type { SessionStatus } from './session-status';

export type { SessionOrigin };

export interface SessionParticipant {
  playerId: string;
  /** Rating when the session was created. */
  rating: number;
  /** Index of the player's team in the session's team order. */
  team: number;
}

export interface Session {
  id: string;
  mode: string;
  status: SessionStatus;
  /** Who created it; decides whether its results may change ratings (docs/ratings.md). */
  origin: SessionOrigin;
  players: SessionParticipant[];
  /** Set on sessions a player created: who invited whom, and until when they may accept. */
  invitation: SessionInvitation | null;
  state: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Set by DELETE: the session is gone for the API, its record and history stay. */
  closedAt: Date | null;
  /** Sequence number of the newest history entry. */
  historySeq: number;
}

export interface SessionInvitation {
  inviterId: string;
  inviteeIds: string[];
  expiresAt: Date;
}

export interface SessionHistoryEntry {
  seq: number;
  timestamp: Date;
  event: string;
  details: Record<string, unknown>;
}

export type NewHistoryEntry = Omit<SessionHistoryEntry, 'seq'>;

/** Player ids per team, in team order (a session created with player_ids has one player per team). */
export function teamsOf(session: Pick<Session, 'players'>): string[][] {
  const teams: string[][] = [];
  for (const p of session.players) (teams[p.team] ??= []).push(p.playerId);
  return teams;
}

export function playerIdsOf(session: Pick<Session, 'players'>): string[] {
  return session.players.map((p) => p.playerId);
}
