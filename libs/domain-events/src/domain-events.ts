import { Injectable } from '@nestjs/common';
import { AppLogger, currentTraceId, newTraceId, ServiceLogger } from '@libs/logging';

/** A player as a match or session names them. */
export interface MatchPlayer {
  playerId: string;
  username: string;
  rating: number;
}

/** Why a player's ticket left the queue. */
export type QueueLeftReason = 'left' | 'expired' | 'party_changed' | 'match_cancelled';

/** Why a ready-check failed: a player declined, the deadline passed, or a player's party changed meanwhile. */
export type MatchCancelReason = 'declined' | 'timeout' | 'party_changed';

/** What a game server needs to host a session (the API's session view without its history). */
export interface SessionSnapshot {
  session_id: string;
  mode: string;
  status: string;
  players: { player_id: string; username: string; rating: number }[];
  state: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * Moments other features may react to, each published by the feature that owns the write, after that write is
 * durable. Payloads are plain data.
 */
export interface DomainEventMap {
  'queue.joined': { playerId: string; mode: string; rating: number; joinedAt: number };
  'queue.left': { playerId: string; mode: string; reason: QueueLeftReason };
  'match.found': { sessionId: string; mode: string; teams: MatchPlayer[][] };
  'match.accept_required': { matchId: string; mode: string; teams: MatchPlayer[][]; deadline: number };
  'match.cancelled': { matchId: string; mode: string; reason: MatchCancelReason; playerIds: string[]; requeued: string[] };
  'session.created': { session: SessionSnapshot };
  /** A player created a session with these invitees; it is placed only when each of them accepts before `expiresAt`. */
  'session.invited': { sessionId: string; mode: string; inviterId: string; inviteeIds: string[]; expiresAt: number };
  /** A committed change of a session's status or state; `ended` when it is finished or closed. */
  'session.changed': { sessionId: string; playerIds: string[]; status: string; version: number; ended: boolean; reason: string };
  'rating.changed': {
    sessionId: string;
    /** The session's status moved to completed with this result (it had not ended before). */
    sessionEnded: boolean;
    changes: { playerId: string; oldRating: number; newRating: number; change: number }[];
  };
  'party.updated': { partyId: string; memberIds: string[]; leaderId: string | null; formerMemberIds: string[]; reason: string };
}

export type DomainEventName = keyof DomainEventMap;

/** Delivered beside the payload: the trace of the request or job that produced the event. */
export interface DomainEventMeta {
  traceId: string;
  at: number;
}

type Handler<K extends DomainEventName> = (payload: DomainEventMap[K], meta: DomainEventMeta) => unknown;

/**
 * In-process, typed domain-event bus. `emit` calls every handler synchronously (so a handler that issues one Redis
 * command keeps the emit order on the wire) and never throws into the emitter: the write it describes has already
 * happened, so a failing subscriber is logged, not propagated.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();
  private readonly log: ServiceLogger;

  constructor(logger: AppLogger) {
    this.log = logger.forService('api');
  }

  on<K extends DomainEventName>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(name, list);
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    // Outside a request or job (scripts, tests) an event still gets a trace of its own.
    const meta: DomainEventMeta = { traceId: currentTraceId() ?? newTraceId(), at: Date.now() };
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        const result = handler(payload, meta);
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(name, error));
      } catch (error) {
        this.failed(name, error);
      }
    }
  }

  private failed(name: string, error: unknown): void {
    this.log.error('domain_event_handler_failed', { details: { event: name, error } });
  }
}
