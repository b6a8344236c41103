import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, DomainError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerActivity, PlayerStateStore } from '../players/player-state.store';
import { PlayerRepository } from '../players/player.repository';
import { HotRead, SessionHotStore } from './session-hot.store';
import { SessionInvitations } from './session-invitations';
import { validateMode, validateState, validateTeams } from './session-input';
import { canTransition, isFinished, SessionStatus, statusAfterDelete } from './session-status';
import {
  InvalidSessionInputError,
  InvalidTransitionError,
  InvitationPendingError,
  PlayerBusyError,
  SessionContendedError,
  SessionFinishedError,
  SessionForbiddenError,
  SessionNotFoundError,
  SessionPlayersNotFoundError,
  StaleVersionError,
} from './session.errors';
import { NewHistoryEntry, playerIdsOf, Session, SessionOrigin } from './session.model';
import { SessionChange, SessionRepository } from './session.repository';
import { assertParticipant, PlayerSessionCheck, SessionWriter } from './session-writer';
import { SessionView, toSessionView, withoutHistory } from './session.view';

export type { PlayerSessionCheck };

export interface CreateSessionInput {
  /** One player per team; or give `teams`. */
  player_ids?: string[];
  teams?: string[][];
  mode?: string;
  state?: Record<string, unknown>;
}

export interface UpdateSessionInput {
  status?: SessionStatus;
  state?: Record<string, unknown>;
  version?: number;
}

export interface DeletedSession {
  session_id: string;
  status: SessionStatus;
}

/** Unconditional changes (no `version` given) re-read and retry for this long when they lose races, then answer 409. */
const CONTENDED_AFTER_MS = 2_000;
/** Pause before such a retry (up to twice this, jittered): the winner needs a few MongoDB round trips to finish. */
const RETRY_PAUSE_MS = 10;
/** Idle sessions abandoned per sweep pass; the rest wait for the next pass. */
const SWEEP_BATCH = 100;

/**
 * Game sessions. MongoDB is the source of truth and every change is a compare-and-set on (version, status); Redis holds
 * the hot copy served to readers and the players' real-time state. See docs/sessions.md for the write order.
 */
@Injectable()
export class SessionsService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly players: PlayerRepository,
    private readonly playerStates: PlayerStateStore,
    private readonly hot: SessionHotStore,
    private readonly events: DomainEvents,
    private readonly writer: SessionWriter,
    private readonly invitations: SessionInvitations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
  }

  /**
   * Creates a waiting session; `actor` null is an internal call (matchmaker) and skips authorization. A player's session
   * only invites the other players (status `pending_acceptance`, see SessionInvitations): nobody is placed yet.
   */
  async create(actor: Actor | null, input: CreateSessionInput, options: { fromQueue?: boolean } = {}): Promise<SessionView> {
    const teams = validateTeams(input ?? {});
    const playerIds = teams.flat();
    const teamOf = new Map(teams.flatMap((team, t) => team.map((id) => [id, t] as const)));
    const mode = validateMode(input.mode);
    const state = validateState(input.state ?? {}, this.config.session.maxStateBytes);
    if (actor?.role === 'player' && !playerIds.includes(actor.playerId)) {
      throw new SessionForbiddenError('A player may only create a session they take part in');
    }
    const found = await this.players.findByIds(playerIds);
    const byId = new Map(found.map((p) => [p.id, p]));
    const missing = playerIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new SessionPlayersNotFoundError(missing);
    const teamOfPlayer = (id: string) => teamOf.get(id)!;
    if (actor?.role === 'player') {
      return this.invitations.invite(actor.playerId, { mode, state, teams, players: playerIds.map((id) => ({ player: byId.get(id)!, team: teamOfPlayer(id) })) });
    }

    const sessionId = this.sessions.newId();
    const now = new Date();
    await this.writer.claimPlayers(sessionId, playerIds, options.fromQueue === true, now);

    const first: NewHistoryEntry = { timestamp: now, event: 'session_created', details: { mode, player_ids: playerIds, ...(input.teams ? { teams } : {}) } };
    let session: Session;
    let openElsewhere: string | null = null;
    try {
      // Redis claims arbitrate concurrent creations; MongoDB still vetoes if a player's Redis state was lost.
      const open = await this.sessions.findOpenSessionOf(playerIds);
      if (open) {
        openElsewhere = open.sessionId;
        throw new PlayerBusyError(playerIds.find((id) => open.playerIds.includes(id)) ?? playerIds[0], { sessionId: open.sessionId });
      }
      const players = playerIds.map((id) => ({ playerId: id, rating: byId.get(id)!.stats.rating, team: teamOf.get(id)! }));
      session = await this.sessions.create({ id: sessionId, mode, origin: originOf(actor, options), players, state, createdAt: now }, first);
    } catch (error) {
      await this.writer.releasePlayers(sessionId, playerIds);
      // The insert may have landed before the error surfaced; the session was never handed out, so remove it.
      if (!(error instanceof DomainError)) await this.sessions.discard(sessionId).catch(() => undefined);
      if (openElsewhere) await this.refreshHotState(openElsewhere).catch(() => undefined);
      throw error;
    }

    const view = toSessionView(session, new Map(found.map((p) => [p.id, p.username])), [{ seq: 1, ...first }]);
    await this.writer.applyHot(sessionId, session.version, view);
    await this.writer.profilesChanged(sessionId, playerIds);
    this.log.info('session_created', {
      session_id: sessionId,
      details: { mode, player_ids: playerIds, teams, created_by: actor?.role ?? 'internal' },
    });
    this.events.emit('session.created', { session: withoutHistory(view) });
    return view;
  }

  /** The session from its Redis hot copy, or from MongoDB (repairing the hot copy) when that is gone or in doubt. */
  async getById(sessionId: string): Promise<SessionView> {
    let hot: HotRead | null = null;
    try {
      hot = await this.hot.read(sessionId);
    } catch (error) {
      this.log.warn('session_hot_read_failed', { session_id: sessionId, details: { error } });
    }
    if (hot?.view && !hot.pending) return hot.view;

    const readStartedAt = Date.now();
    const session = await this.sessions.findById(sessionId);
    if (!session || session.closedAt) {
      if (session && hot) await this.writer.applyHot(sessionId, session.version, null, { forgetIntentsBefore: readStartedAt });
      throw new SessionNotFoundError(sessionId);
    }
    const view = await this.writer.buildView(session);
    const finished = isFinished(session.status);
    if (hot && (!finished || hot.view || hot.pending)) {
      await this.writer.applyHot(sessionId, session.version, finished ? null : view, { forgetIntentsBefore: readStartedAt });
    }
    return view;
  }

  /**
   * `getForActor` as the JSON text of the view: the hot copy's stored answer when it is current (no parsing, no
   * serializing), else the view read as `getById` reads it (which also logs a failed hot read).
   */
  async getAnswerForActor(actor: Actor, sessionId: string): Promise<string> {
    const hot = await this.hot.readAnswer(sessionId).catch(() => null);
    if (hot?.answer && !hot.pending) {
      assertParticipant(actor, hot.playerIds, sessionId);
      return hot.answer;
    }
    return JSON.stringify(await this.getForActor(actor, sessionId));
  }

  /** `getById` for an API caller: the session's players and game servers only. */
  async getForActor(actor: Actor, sessionId: string): Promise<SessionView> {
    const view = await this.getById(sessionId);
    assertParticipant(actor, view.players.map((p) => p.player_id), sessionId);
    return view;
  }

  async update(actor: Actor | null, sessionId: string, input: UpdateSessionInput): Promise<SessionView> {
    if (input.status === undefined && input.state === undefined) {
      throw new InvalidSessionInputError('Give status and/or state to update', 'EMPTY_UPDATE');
    }
    const state = input.state === undefined ? undefined : validateState(input.state, this.config.session.maxStateBytes);

    const giveUpAt = Date.now() + CONTENDED_AFTER_MS;
    for (;;) {
      const current = await this.writer.findOpen(sessionId);
      if (actor) assertParticipant(actor, playerIdsOf(current), sessionId);
      if (input.version !== undefined && input.version !== current.version) throw new StaleVersionError(input.version, current.version);
      if (current.status === 'pending_acceptance') throw new InvitationPendingError(sessionId);

      const now = new Date();
      const entries: NewHistoryEntry[] = [];
      if (input.status !== undefined) {
        if (!canTransition(current.status, input.status)) throw new InvalidTransitionError(current.status, input.status);
        entries.push({ timestamp: now, event: 'session_state_changed', details: { from: current.status, to: input.status } });
      } else if (isFinished(current.status)) {
        throw new SessionFinishedError(current.status);
      }
      if (state !== undefined) entries.push({ timestamp: now, event: 'session_updated', details: { version: current.version + 1 } });

      const result = await this.writer.commit(current, { status: input.status, state, at: now }, entries, true);
      if (result) {
        await this.writer.afterCommit(current, result.session, 'updated');
        this.log.info('session_updated', {
          session_id: sessionId,
          details: { version: result.session.version, status: result.session.status, state_changed: state !== undefined },
        });
        return result.view!;
      }
      if (input.version !== undefined) {
        const fresh = await this.writer.findOpen(sessionId);
        throw new StaleVersionError(input.version, fresh.version);
      }
      await this.pauseBeforeRetry(sessionId, giveUpAt);
    }
  }

  /**
   * Closes a session: removes its hot copy, frees its players and keeps the record and history. An unfinished session
   * ends as abandoned (each player's `abandoned` stat +1); a finished one keeps its status and stats.
   */
  async remove(actor: Actor | null, sessionId: string): Promise<DeletedSession> {
    const giveUpAt = Date.now() + CONTENDED_AFTER_MS;
    for (;;) {
      const current = await this.writer.findOpen(sessionId);
      if (actor) assertParticipant(actor, playerIdsOf(current), sessionId);
      if (current.status === 'pending_acceptance') {
        // Nobody was placed yet: the invitation is cancelled (no abandoned for anyone), unless it is being placed now.
        const cancelled = await this.invitations.cancel(current, 'deleted');
        if (cancelled) return cancelled;
        await this.pauseBeforeRetry(sessionId, giveUpAt);
        continue;
      }
      const to = statusAfterDelete(current.status);
      const now = new Date();
      const change: SessionChange = { status: to === current.status ? undefined : to, close: true, at: now };
      const entry: NewHistoryEntry = { timestamp: now, event: 'session_deleted', details: { from: current.status, to } };
      const result = await this.writer.commit(current, change, [entry], false);
      if (result) {
        await this.writer.afterCommit(current, result.session, 'deleted');
        this.log.info('session_deleted', { session_id: sessionId, details: { status: to, previous_status: current.status } });
        return { session_id: sessionId, status: to };
      }
      // Lost a race: a concurrent delete makes the next read a 404, a concurrent update just needs a retry.
      await this.pauseBeforeRetry(sessionId, giveUpAt);
    }
  }

  /**
   * Abandons open sessions with no update since `idleTimeoutSeconds` before `now`. Safe on every replica at once: each
   * abandonment is a compare-and-set on the version the candidate was read at, so exactly one writer wins it.
   */
  async abandonIdleSessions(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.session.idleTimeoutSeconds * 1000);
    let abandoned = 0;
    for (const candidate of await this.sessions.findIdle(cutoff, SWEEP_BATCH)) {
      try {
        const details = { from: candidate.status, reason: 'idle_timeout', idle_seconds: Math.floor((now.getTime() - candidate.updatedAt.getTime()) / 1000) };
        const result = await this.writer.commit(candidate, { status: 'abandoned', at: now }, [{ timestamp: now, event: 'session_abandoned', details }], false);
        if (!result) continue;
        await this.writer.afterCommit(candidate, result.session, 'idle_timeout');
        abandoned++;
      } catch (error) {
        this.log.warn('session_sweep_item_failed', { session_id: candidate.id, details: { error } });
      }
    }
    return abandoned;
  }

  /**
   * Re-reads the durable session and makes Redis agree: an open, unfinished session gets its hot copy and its idle
   * players are marked in the session; a finished or closed one loses its hot copy and frees its players.
   */
  async refreshHotState(sessionId: string): Promise<void> {
    const readStartedAt = Date.now();
    const session = await this.sessions.findById(sessionId);
    if (!session) return;
    const options = { forgetIntentsBefore: readStartedAt };
    await this.writer.profilesChanged(sessionId, playerIdsOf(session));
    if (session.closedAt || isFinished(session.status)) {
      await this.hot.apply(sessionId, session.version, null, options);
      await this.writer.releasePlayers(sessionId, playerIdsOf(session));
      return;
    }
    await this.hot.apply(sessionId, session.version, await this.writer.buildView(session), options);
    // Invited players are placed by the invitation use case only, once all of them accepted.
    if (session.status === 'pending_acceptance') return;
    const next: PlayerActivity = { state: 'in_session', sessionId, since: Date.now() };
    await Promise.all(playerIdsOf(session).map((id) => this.playerStates.transition(id, ['idle'], next)));
  }

  /**
   * Verifies the session a player's state points at, clearing a state that points at a session which no longer holds
   * the player (see SessionWriter.checkPlayerSession).
   */
  checkPlayerSession(playerId: string): Promise<PlayerSessionCheck> {
    return this.writer.checkPlayerSession(playerId);
  }

  private async pauseBeforeRetry(sessionId: string, giveUpAt: number): Promise<void> {
    if (Date.now() >= giveUpAt) throw new SessionContendedError(sessionId);
    await sleep(RETRY_PAUSE_MS + Math.random() * RETRY_PAUSE_MS);
  }

}

function originOf(actor: Actor | null, options: { fromQueue?: boolean }): SessionOrigin {
  if (options.fromQueue || !actor) return 'matchmaker';
  return actor.role === 'server' ? 'server' : 'player';
}
