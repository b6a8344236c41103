import { Injectable } from '@nestjs/common';
import { Actor, DependencyUnavailableError } from '@libs/common';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerProfileCache } from '../players/player-profile.cache';
import { PlayerActivity, PlayerStateName, PlayerStateStore } from '../players/player-state.store';
import { PlayerRepository } from '../players/player.repository';
import { SessionHotStore } from './session-hot.store';
import { endsAsAbandoned, holdsPlayers, isFinished } from './session-status';
import { PlayerBusyError, SessionNotFoundError } from './session.errors';
import { NewHistoryEntry, playerIdsOf, Session } from './session.model';
import { SessionChange, SessionRepository } from './session.repository';
import { SessionView, toSessionView, VIEW_HISTORY_LIMIT } from './session.view';

/** What a player's real-time state says about their session, checked against MongoDB. */
export type PlayerSessionCheck =
  /** Not in a session: idle or queued, or a claim for a session that is gone was just cleared. */
  | { status: 'none' }
  /** Claimed for a session that is being created or placed right now (within the grace period). */
  | { status: 'pending'; sessionId: string }
  /** In this open, unfinished session. */
  | { status: 'open'; sessionId: string; mode: string; players: { playerId: string; username: string; rating: number }[] };

/** Why a session ended as abandoned, or was cancelled before its players were placed. */
export type EndReason = 'updated' | 'deleted' | 'idle_timeout' | 'accepted' | 'declined' | 'expired';

/** A player claimed for a session that is not in MongoDB yet (or not placed yet) is presumed mid-creation this long. */
const CLAIM_GRACE_MS = 10_000;

/**
 * The write protocol every session change shares (docs/sessions.md, "Keeping Redis and MongoDB in step"): write intent,
 * compare-and-set in MongoDB, history, hot copy; and the player claims. Used by the sessions service and by the
 * invitation use case, so both keep exactly the same guarantees.
 */
@Injectable()
export class SessionWriter {
  private readonly log: ServiceLogger;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly players: PlayerRepository,
    private readonly playerStates: PlayerStateStore,
    private readonly hot: SessionHotStore,
    private readonly events: DomainEvents,
    private readonly profiles: PlayerProfileCache,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
  }

  /**
   * Verifies the session a player's state points at. A state pointing at a session that is finished, closed, or never
   * reached MongoDB within the grace period (its creator died between claiming the players and inserting it) is
   * cleared here, so whoever meets it — status, join, claim recovery — repairs it.
   */
  async checkPlayerSession(playerId: string): Promise<PlayerSessionCheck> {
    const activity = await this.playerStates.get(playerId);
    if (activity.state !== 'in_session') return { status: 'none' };
    const session = await this.sessions.findById(activity.sessionId);
    if (session && !session.closedAt && holdsPlayers(session.status)) {
      const players = await this.players.findByIds(playerIdsOf(session));
      const names = new Map(players.map((p) => [p.id, p.username]));
      return {
        status: 'open',
        sessionId: session.id,
        mode: session.mode,
        players: session.players.map((p) => ({ playerId: p.playerId, username: names.get(p.playerId) ?? '', rating: p.rating })),
      };
    }
    // Not inserted yet, or (invitation) being placed: its creator or placer is presumed at work for the grace period.
    const inProgress = !session || (session.status === 'pending_acceptance' && !session.closedAt);
    if (inProgress && activity.since >= Date.now() - CLAIM_GRACE_MS) return { status: 'pending', sessionId: activity.sessionId };
    await this.clearStaleClaim(playerId, activity.sessionId, !session ? 'session_missing' : inProgress ? 'session_not_placed' : 'session_finished');
    return { status: 'none' };
  }

  /**
   * One durable change with the Redis write-intent protocol: announce, compare-and-set in MongoDB, append history,
   * then apply the hot copy (which also drops the intent). Null when the compare-and-set lost.
   */
  async commit(
    current: Session,
    change: SessionChange,
    entries: NewHistoryEntry[],
    wantView: boolean,
  ): Promise<{ session: Session; view: SessionView | null } | null> {
    let token: string | null;
    try {
      token = await this.hot.beginWrite(current.id, current.version);
    } catch (error) {
      // Without the intent a crash after the MongoDB write could leave a stale hot copy nobody knows about.
      this.log.error('session_write_intent_failed', { session_id: current.id, details: { error } });
      throw new DependencyUnavailableError('Session store is unavailable; retry shortly', 'SESSION_STORE_UNAVAILABLE');
    }
    // Another writer holds this version: it wins or fails on its own, this one lost.
    if (token === null) return null;

    // unknown: the MongoDB write may or may not have landed; committed: it landed, Redis not yet told.
    let outcome: 'unknown' | 'rejected' | 'committed' | 'applied' = 'unknown';
    try {
      const updated = await this.sessions.applyChange(current.id, { version: current.version, status: current.status }, change, entries.length);
      outcome = updated ? 'committed' : 'rejected';
      if (!updated) return null;
      await this.appendHistory(updated, entries);
      const finished = updated.closedAt !== null || isFinished(updated.status);
      const view = wantView || !finished ? await this.buildView(updated) : null;
      await this.applyHot(updated.id, updated.version, finished ? null : view, { token });
      outcome = 'applied';
      await this.profilesChanged(updated.id, playerIdsOf(updated));
      return { session: updated, view };
    } finally {
      if (outcome === 'rejected') {
        await this.hot.endWrite(current.id, token, current.version).catch((error) => this.log.warn('session_hot_write_failed', { session_id: current.id, details: { error } }));
      } else if (outcome !== 'applied') {
        await this.repairFromDurable(current.id, token);
      }
    }
  }

  /**
   * Tells the players' profile copies that a session they show changed (after the durable write). Not fatal: the
   * write stands, and a copy that missed the news expires on its own (PlayerProfileCache's TTL).
   */
  async profilesChanged(sessionId: string, playerIds: readonly string[]): Promise<void> {
    await this.profiles.changed(playerIds).catch((error) => this.log.warn('profile_copy_bump_failed', { session_id: sessionId, details: { error } }));
  }

  /** After a write that failed half-way: let MongoDB say what holds, make Redis agree, then drop the intent. */
  private async repairFromDurable(sessionId: string, token: string): Promise<void> {
    try {
      const session = await this.sessions.findById(sessionId);
      if (!session) return;
      const finished = session.closedAt !== null || isFinished(session.status);
      await this.hot.apply(sessionId, session.version, finished ? null : await this.buildView(session), { token });
    } catch (error) {
      // The intent stays until it expires; readers use MongoDB meanwhile.
      this.log.warn('session_hot_repair_failed', { session_id: sessionId, details: { error } });
    }
  }

  private async appendHistory(session: Session, entries: NewHistoryEntry[]): Promise<void> {
    try {
      await this.sessions.appendHistory(session.id, session.historySeq, entries);
    } catch (error) {
      // The change itself is committed; the gap in history sequence numbers marks the missing entry.
      this.log.error('session_history_write_failed', {
        session_id: session.id,
        details: { error, seq: session.historySeq, events: entries.map((e) => e.event) },
      });
    }
  }

  /** Player state, stats and logs that follow a committed change from `before` to `after`. */
  async afterCommit(before: Session, after: Session, reason: EndReason): Promise<void> {
    if (after.status !== before.status) {
      this.log.info('session_state_changed', { session_id: after.id, details: { from: before.status, to: after.status } });
    }
    if (after.closedAt !== null || isFinished(after.status)) await this.releasePlayers(after.id, playerIdsOf(after));
    if (endsAsAbandoned(before.status, after.status)) {
      try {
        await this.players.incrementAbandoned(playerIdsOf(after));
      } catch (error) {
        this.log.error('session_abandon_stats_failed', { session_id: after.id, details: { error, player_ids: playerIdsOf(after) } });
      }
      this.log.info('session_abandoned', {
        session_id: after.id,
        details: {
          from: before.status,
          reason,
          player_ids: playerIdsOf(after),
          ...(reason === 'idle_timeout' ? { idle_seconds: idleSeconds(before, after) } : {}),
        },
      });
    }
    const [wasEnded, ended] = [before, after].map((x) => x.closedAt !== null || isFinished(x.status));
    if (!wasEnded) this.events.emit('session.changed', { sessionId: after.id, playerIds: playerIdsOf(after), status: after.status, version: after.version, ended, reason });
  }

  async findOpen(sessionId: string): Promise<Session> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.closedAt) throw new SessionNotFoundError(sessionId);
    return session;
  }

  async buildView(session: Session): Promise<SessionView> {
    const [players, history] = await Promise.all([
      this.players.findByIds(playerIdsOf(session)),
      this.sessions.recentHistory(session.id, VIEW_HISTORY_LIMIT),
    ]);
    return toSessionView(session, new Map(players.map((p) => [p.id, p.username])), history);
  }

  async applyHot(sessionId: string, version: number, view: SessionView | null, options: { token?: string; forgetIntentsBefore?: number } = {}): Promise<void> {
    try {
      await this.hot.apply(sessionId, version, view, options);
    } catch (error) {
      // MongoDB already holds the change; a left-over intent (or a missing hot copy) sends readers there.
      this.log.warn('session_hot_write_failed', { session_id: sessionId, details: { error, version } });
    }
  }

  /**
   * Claims every player for `sessionId`, or none: on any failure the claims made so far are released. Players are
   * claimed one by one in id order, so two creations racing for the same players meet at the first shared one and
   * exactly one goes on (claimed in parallel, each could take one player and both would lose).
   */
  async claimPlayers(sessionId: string, playerIds: string[], fromQueue: boolean, now: Date): Promise<void> {
    const from: PlayerStateName[] = fromQueue ? ['idle', 'queued'] : ['idle'];
    const next: PlayerActivity = { state: 'in_session', sessionId, since: now.getTime() };
    const claimed: string[] = [];
    try {
      for (const id of [...playerIds].sort()) {
        const busy = await this.claimPlayer(id, from, next);
        if (busy) throw busy;
        claimed.push(id);
      }
    } catch (error) {
      await this.releasePlayers(sessionId, claimed);
      throw error;
    }
  }

  /** Null when claimed, else the error naming why the player is busy. Clears a claim left behind by a crash. */
  private async claimPlayer(playerId: string, from: PlayerStateName[], next: PlayerActivity): Promise<PlayerBusyError | null> {
    let result = await this.playerStates.transition(playerId, from, next);
    const blocking = result.previous.sessionId;
    if (!result.ok && result.previous.state === 'in_session' && blocking && (await this.checkPlayerSession(playerId)).status === 'none') {
      result = await this.playerStates.transition(playerId, from, next);
    }
    if (result.ok) return null;
    return new PlayerBusyError(playerId, { sessionId: result.previous.sessionId, queuedMode: result.previous.mode });
  }

  /** Sets the player idle if (and only if) they still point at `sessionId`, a session found finished, closed or missing. */
  private async clearStaleClaim(playerId: string, sessionId: string, reason: 'session_finished' | 'session_missing' | 'session_not_placed'): Promise<void> {
    const cleared = await this.playerStates.transition(playerId, ['in_session'], { state: 'idle' }, sessionId);
    if (cleared.ok) this.log.warn('player_state_repaired', { player_id: playerId, session_id: sessionId, details: { from: 'in_session', to: 'idle', reason } });
  }

  /** Sets players idle if (and only if) they are still marked in this session. */
  async releasePlayers(sessionId: string, playerIds: string[]): Promise<void> {
    const results = await Promise.allSettled(playerIds.map((id) => this.playerStates.transition(id, ['in_session'], { state: 'idle' }, sessionId)));
    const failed = playerIds.filter((_, i) => results[i].status === 'rejected');
    if (failed.length > 0) this.log.warn('player_release_failed', { session_id: sessionId, details: { player_ids: failed } });
  }
}

function idleSeconds(before: Session, after: Session): number {
  return Math.max(0, Math.floor((after.updatedAt.getTime() - before.updatedAt.getTime()) / 1000));
}

/** A session a caller may not see answers exactly like one that does not exist, so ids reveal nothing. */
export function assertParticipant(actor: Actor, playerIds: string[], sessionId: string): void {
  if (actor.role === 'server') return;
  if (!playerIds.includes(actor.playerId)) throw new SessionNotFoundError(sessionId);
}
