import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, DependencyUnavailableError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { Player } from '../players/player.model';
import { InvitationOutcome, SessionInvitationStore } from './session-invitation.store';
import { InvitationAlreadyAcceptedError, InvitationClosedError, NotInvitedError, SessionContendedError } from './session.errors';
import { NewHistoryEntry, playerIdsOf, Session } from './session.model';
import { SessionRepository } from './session.repository';
import { assertParticipant, EndReason, SessionWriter } from './session-writer';
import { SessionView, toSessionView, withoutHistory } from './session.view';

/** A validated session a player asked for: its players in team order. */
export interface SessionDraft {
  mode: string;
  state: Record<string, unknown>;
  teams: string[][];
  players: { player: Player; team: number }[];
}

export interface CancelledSession {
  session_id: string;
  status: Session['status'];
}

type CancelReason = Extract<EndReason, 'declined' | 'expired' | 'deleted'>;

/** Expired invitations cancelled per sweep pass. */
const EXPIRY_BATCH = 100;
/** How long a cancel or placement keeps retrying a MongoDB compare-and-set it keeps losing. */
const SETTLE_TRIES = 20;

/**
 * Consent for player-created sessions (docs/sessions.md, "Consent"). The session is stored as `pending_acceptance`
 * with nobody claimed; each invitee accepts or declines. The Redis invitation record (one script per transition)
 * decides across replicas which of "all accepted" and "cancelled" wins; MongoDB is then made to agree through the
 * sessions' write protocol (SessionWriter). Only when everyone accepted are the players claimed, exactly like a
 * server-created session's; a decline, the deadline or a delete cancels it and no one's record changes.
 */
@Injectable()
export class SessionInvitations {
  private readonly log: ServiceLogger;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly store: SessionInvitationStore,
    private readonly writer: SessionWriter,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
  }

  /** Stores the session as pending_acceptance and invites every player but the creator. Claims nobody. */
  async invite(inviterId: string, draft: SessionDraft): Promise<SessionView> {
    const sessionId = this.sessions.newId();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.inviteTtlSeconds * 1000);
    const playerIds = draft.players.map((p) => p.player.id);
    const inviteeIds = playerIds.filter((id) => id !== inviterId);
    const first: NewHistoryEntry = {
      timestamp: now,
      event: 'session_created',
      details: { mode: draft.mode, player_ids: playerIds, teams: draft.teams, inviter_id: inviterId, expires_at: expiresAt.toISOString() },
    };
    const players = draft.players.map(({ player, team }) => ({ playerId: player.id, rating: player.stats.rating, team }));
    const session = await this.sessions.create(
      { id: sessionId, mode: draft.mode, origin: 'player', players, state: draft.state, createdAt: now, invitation: { inviterId, inviteeIds, expiresAt } },
      first,
    );
    try {
      await this.store.open(sessionId, inviteeIds, expiresAt);
    } catch (error) {
      // Without the record no answer could be arbitrated; the session was never handed out.
      await this.sessions.discard(sessionId).catch(() => undefined);
      this.log.error('session_invitation_open_failed', { session_id: sessionId, details: { error } });
      throw new DependencyUnavailableError('Session store is unavailable; retry shortly', 'SESSION_STORE_UNAVAILABLE');
    }
    const view = toSessionView(session, new Map(draft.players.map((p) => [p.player.id, p.player.username])), [{ seq: 1, ...first }]);
    await this.writer.applyHot(sessionId, session.version, view);
    await this.writer.profilesChanged(sessionId, inviteeIds);
    this.log.info('session_created', {
      player_id: inviterId,
      session_id: sessionId,
      details: { mode: draft.mode, player_ids: playerIds, teams: draft.teams, created_by: 'player', invitee_ids: inviteeIds, expires_at: expiresAt.toISOString() },
    });
    this.events.emit('session.invited', { sessionId, mode: draft.mode, inviterId, inviteeIds, expiresAt: expiresAt.getTime() });
    return view;
  }

  /**
   * Records `actor`'s acceptance; the last one places every player (claims them; 409 naming a player who became busy,
   * the invitation then stays open until its deadline and any accept retries the placement). Accepting again is
   * idempotent: the current session.
   */
  async accept(actor: Actor, sessionId: string): Promise<SessionView> {
    const session = await this.writer.findOpen(sessionId);
    assertParticipant(actor, playerIdsOf(session), sessionId);
    const playerId = actor.role === 'player' ? actor.playerId : '';
    if (!session.invitation?.inviteeIds.includes(playerId)) throw new NotInvitedError(playerId, sessionId);
    if (session.status === 'cancelled') throw new InvitationClosedError(sessionId, (await this.cancelReason(sessionId)) ?? 'cancelled');
    if (session.status !== 'pending_acceptance') return this.writer.buildView(session);

    const placer = randomUUID();
    let outcome = await this.store.accept(sessionId, playerId, placer);
    if (outcome.kind === 'missing') outcome = await this.reopen(session, () => this.store.accept(sessionId, playerId, placer));
    this.log.info('session_invitation_answered', { player_id: playerId, session_id: sessionId, details: { answer: 'accept', outcome: outcome.kind } });
    switch (outcome.kind) {
      case 'place':
        return this.place(sessionId, placer);
      case 'placing':
        throw new SessionContendedError(sessionId);
      case 'cancelled':
        await this.settleCancelled(session, outcome.reason as CancelReason, false);
        throw new InvitationClosedError(sessionId, outcome.reason);
      default:
        return this.writer.buildView((await this.sessions.findById(sessionId)) ?? session);
    }
  }

  /** Any player of the session may decline while it is pending: it is cancelled, and nobody's record changes. */
  async decline(actor: Actor, sessionId: string): Promise<CancelledSession> {
    const session = await this.writer.findOpen(sessionId);
    assertParticipant(actor, playerIdsOf(session), sessionId);
    const playerId = actor.role === 'player' ? actor.playerId : '';
    if (!session.invitation) throw new NotInvitedError(playerId, sessionId);
    if (session.status === 'cancelled') return { session_id: sessionId, status: 'cancelled' };
    if (session.status !== 'pending_acceptance') throw new InvitationAlreadyAcceptedError(sessionId);

    let outcome = await this.store.decline(sessionId, playerId);
    if (outcome.kind === 'missing') outcome = await this.reopen(session, () => this.store.decline(sessionId, playerId));
    this.log.info('session_invitation_answered', { player_id: playerId, session_id: sessionId, details: { answer: 'decline', outcome: outcome.kind } });
    if (outcome.kind === 'placing') throw new SessionContendedError(sessionId);
    if (outcome.kind !== 'cancelled') throw new InvitationAlreadyAcceptedError(sessionId);
    return this.settleCancelled(session, outcome.reason as CancelReason, false);
  }

  /** DELETE of a pending session: cancels and closes it. Null while its players are being placed (retry). */
  async cancel(session: Session, reason: 'deleted'): Promise<CancelledSession | null> {
    const outcome = await this.store.cancel(session.id, reason);
    if (outcome.kind !== 'cancelled') return null;
    return this.settleCancelled(session, outcome.reason as CancelReason, true);
  }

  /** Cancels invitations past their deadline (the sweeper's pass); safe on every replica at once. */
  async expireDue(now = new Date()): Promise<number> {
    let cancelled = 0;
    for (const session of await this.sessions.findExpiredInvitations(now, EXPIRY_BATCH)) {
      try {
        const outcome = await this.store.cancel(session.id, 'expired');
        if (outcome.kind !== 'cancelled') continue;
        const result = await this.settleCancelled(session, outcome.reason as CancelReason, false);
        if (result.status === 'cancelled') cancelled++;
      } catch (error) {
        this.log.warn('session_invitation_expiry_failed', { session_id: session.id, details: { error } });
      }
    }
    return cancelled;
  }

  /** Everyone accepted and this caller holds the placing lease: claim the players, then move the session to waiting. */
  private async place(sessionId: string, placer: string): Promise<SessionView> {
    let current = await this.writer.findOpen(sessionId);
    if (current.status !== 'pending_acceptance') {
      // A placer before us committed and died before telling Redis.
      await this.store.placed(sessionId, placer).catch(() => undefined);
      return this.writer.buildView(current);
    }
    const playerIds = playerIdsOf(current);
    try {
      await this.writer.claimPlayers(sessionId, playerIds, false, new Date());
    } catch (error) {
      await this.store.release(sessionId, placer).catch((e) => this.log.warn('session_invitation_release_failed', { session_id: sessionId, details: { error: e } }));
      throw error;
    }
    try {
      for (let attempt = 0; ; attempt++) {
        const at = new Date();
        const entry: NewHistoryEntry = { timestamp: at, event: 'session_state_changed', details: { from: 'pending_acceptance', to: 'waiting', reason: 'accepted' } };
        const result = await this.writer.commit(current, { status: 'waiting', at }, [entry], true);
        if (result) {
          await this.store.placed(sessionId, placer).catch((error) => this.log.warn('session_hot_write_failed', { session_id: sessionId, details: { error } }));
          await this.writer.afterCommit(current, result.session, 'accepted');
          this.events.emit('session.created', { session: withoutHistory(result.view!) });
          return result.view!;
        }
        if (attempt >= SETTLE_TRIES) throw new SessionContendedError(sessionId);
        await sleep(10 + Math.random() * 10);
        current = await this.writer.findOpen(sessionId);
      }
    } catch (error) {
      await this.writer.releasePlayers(sessionId, playerIds);
      await this.store.release(sessionId, placer).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Makes MongoDB agree with a cancelled invitation: status cancelled (and closed for a delete), history
   * `session_cancelled`, players' profiles refreshed. Never touches anyone's stats.
   */
  private async settleCancelled(session: Session, reason: CancelReason, close: boolean): Promise<CancelledSession> {
    let current: Session | null = session;
    for (let attempt = 0; ; attempt++) {
      if (!current) return { session_id: session.id, status: 'cancelled' };
      if (current.closedAt) return { session_id: session.id, status: current.status };
      const at = new Date();
      if (current.status === 'pending_acceptance') {
        const entry: NewHistoryEntry = { timestamp: at, event: 'session_cancelled', details: { from: 'pending_acceptance', to: 'cancelled', reason } };
        const result = await this.writer.commit(current, { status: 'cancelled', close, at }, [entry], false);
        if (result) {
          await this.writer.afterCommit(current, result.session, reason);
          this.log.info('session_cancelled', { session_id: session.id, details: { reason, player_ids: playerIdsOf(current) } });
          return { session_id: session.id, status: 'cancelled' };
        }
      } else if (close && current.status === 'cancelled') {
        // Declined or expired a moment ago: the delete still closes it.
        const entry: NewHistoryEntry = { timestamp: at, event: 'session_deleted', details: { from: 'cancelled', to: 'cancelled' } };
        if (await this.writer.commit(current, { close: true, at }, [entry], false)) return { session_id: session.id, status: 'cancelled' };
      } else {
        return { session_id: session.id, status: current.status };
      }
      if (attempt >= SETTLE_TRIES) throw new SessionContendedError(session.id);
      await sleep(10 + Math.random() * 10);
      current = await this.sessions.findById(session.id);
    }
  }

  /** The record was lost (Redis restart) or never written: re-open it from MongoDB (acceptances so far are lost). */
  private async reopen(session: Session, retry: () => Promise<InvitationOutcome>): Promise<InvitationOutcome> {
    const invitation = session.invitation!;
    await this.store.open(session.id, invitation.inviteeIds, invitation.expiresAt);
    this.log.warn('session_invitation_reopened', { session_id: session.id, details: { expires_at: invitation.expiresAt.toISOString() } });
    return retry();
  }

  private async cancelReason(sessionId: string): Promise<string | null> {
    const outcome = await this.store.cancel(sessionId, 'expired').catch(() => null);
    return outcome?.kind === 'cancelled' ? outcome.reason : null;
  }
}
