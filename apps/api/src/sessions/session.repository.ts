import type { SessionStatus } from './session-status';
import type { NewHistoryEntry, Session, SessionHistoryEntry, SessionInvitation, SessionOrigin, SessionParticipant } from './session.model';

export interface NewSession {
  id: string;
  mode: string;
  origin: SessionOrigin;
  players: SessionParticipant[];
  /** Given: the session starts as `pending_acceptance` (nobody placed) instead of `waiting`. */
  invitation?: SessionInvitation;
  state: Record<string, unknown>;
  createdAt: Date;
}

export interface SessionChange {
  status?: SessionStatus;
  state?: Record<string, unknown>;
  /** Marks the record closed (DELETE). */
  close?: boolean;
  at: Date;
}

/** Port for durable sessions and their history; bound to the Mongo adapter in SessionsModule. */
export abstract class SessionRepository {
  /** A fresh session id (an ObjectId hex string), known before anything is written. */
  abstract newId(): string;
  /** Inserts the session at version 1 together with its first history entry. */
  abstract create(session: NewSession, first: NewHistoryEntry): Promise<Session>;
  /** Removes a session that was never handed out (creation failed half-way). */
  abstract discard(sessionId: string): Promise<void>;
  abstract findById(sessionId: string): Promise<Session | null>;
  /** Some unfinished, open session holding one of `playerIds`, if any. */
  abstract findOpenSessionOf(playerIds: string[]): Promise<{ sessionId: string; playerIds: string[] } | null>;
  /**
   * Compare-and-set: applies `change` only if the session is still open at `expected` version and status; bumps the
   * version and reserves `entries` history sequence numbers. Null when the condition no longer holds.
   */
  abstract applyChange(sessionId: string, expected: { version: number; status: SessionStatus }, change: SessionChange, entries: number): Promise<Session | null>;
  /** Writes history entries under the sequence numbers reserved by `applyChange` (the newest is `lastSeq`). */
  abstract appendHistory(sessionId: string, lastSeq: number, entries: NewHistoryEntry[]): Promise<void>;
  /** The newest `limit` history entries, oldest first. */
  abstract recentHistory(sessionId: string, limit: number): Promise<SessionHistoryEntry[]>;
  /** Sessions still waiting for acceptances whose invitation expired before `now`, soonest expired first. */
  abstract findExpiredInvitations(now: Date, limit: number): Promise<Session[]>;
  /** Open, unfinished sessions whose last update is older than `cutoff`, oldest first. */
  abstract findIdle(cutoff: Date, limit: number): Promise<Session[]>;
}
