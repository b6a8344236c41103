import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, DependencyUnavailableError, DomainError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerActivity, PlayerStateName, PlayerStateStore } from '../players/player-state.store';
import { PlayerRepository } from '../players/player.repository';
import { HotRead, SessionHotStore } from './session-hot.store';
import { validateMode, validateState, validateTeams } from './session-input';
import { canTransition, endsAsAbandoned, isFinished, SessionStatus, statusAfterDelete } from './session-status';
import {
  InvalidSessionInputError,
  InvalidTransitionError,
  PlayerBusyError,
  SessionContendedError,
  SessionFinishedError,
  SessionForbiddenError,
  SessionNotFoundError,
  SessionPlayersNotFoundError,
  StaleVersionError,
} from './session.errors';
import { PlayerProfileCache } from '../players/player-profile.cache';
import { NewHistoryEntry, playerIdsOf, Session, SessionOrigin } from './session.model';
import { SessionChange, SessionRepository } from './session.repository';
import { SessionView, toSessionView, VIEW_HISTORY_LIMIT } from './session.view';

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

/** What a player's real-time state says about their session, checked against MongoDB. */
export type PlayerSessionCheck =
  /** Not in a session: idle or queued, or a claim for a session that is gone was just cleared. */
  | { status: 'none' }
  /** Claimed for a session that is being created right now (not in MongoDB yet, within the grace period). */
  | { status: 'pending'; sessionId: string }
  /** In this open, unfinished session. */
  | { status: 'open'; sessionId: string; mode: string; players: { playerId: string; username: string; rating: number }[] };

export interface DeletedSession {
  session_id: string;
  status: SessionStatus;
}

/** Unconditional changes (no `version` given) re-read and retry for this long when they lose races, then answer 409. */
const CONTENDED_AFTER_MS = 2_000;
/** Pause before such a retry (up to twice this, jittered): the winner needs a few MongoDB round trips to finish. */
const RETRY_PAUSE_MS = 10;
/** A player claimed for a session that is not in MongoDB yet is presumed to be mid-creation for this long. */
const CLAIM_GRACE_MS = 10_000;
/** Idle sessions abandoned per sweep pass; the rest wait for the next pass. */
const SWEEP_BATCH = 100;

type AbandonReason = 'updated' | 'deleted' | 'idle_timeout';

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
    private readonly profiles: PlayerProfileCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('session');
  }

  /** Creates a waiting session; `actor` null is an internal call (matchmaker) and skips authorization. */
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

    const sessionId = this.sessions.newId();
    const now = new Date();
    await this.claimPlayers(sessionId, playerIds, options.fromQueue === true, now);

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
      await this.releasePlayers(sessionId, playerIds);
      // The insert may have landed before the error surfaced; the session was never handed out, so remove it.
      if (!(error instanceof DomainError)) await this.sessions.discard(sessionId).catch(() => undefined);
      if (openElsewhere) await this.refreshHotState(openElsewhere).catch(() => undefined);
      throw error;
    }

    const view = toSessionView(session, new Map(found.map((p) => [p.id, p.username])), [{ seq: 1, ...first }]);
    await this.applyHot(sessionId, session.version, view);
    await this.profilesChanged(sessionId, playerIds);
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
      if (session && hot) await this.applyHot(sessionId, session.version, null, { forgetIntentsBefore: readStartedAt });
      throw new SessionNotFoundError(sessionId);
    }
    const view = await this.buildView(session);
    const finished = isFinished(session.status);
    if (hot && (!finished || hot.view || hot.pending)) {
      await this.applyHot(sessionId, session.version, finished ? null : view, { forgetIntentsBefore: readStartedAt });
    }
    return view;
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
      const current = await this.findOpen(sessionId);
      if (actor) assertParticipant(actor, playerIdsOf(current), sessionId);
      if (input.version !== undefined && input.version !== current.version) throw new StaleVersionError(input.version, current.version);

      const now = new Date();
      const entries: NewHistoryEntry[] = [];
      if (input.status !== undefined) {
        if (!canTransition(current.status, input.status)) throw new InvalidTransitionError(current.status, input.status);
        entries.push({ timestamp: now, event: 'session_state_changed', details: { from: current.status, to: input.status } });
      } else if (isFinished(current.status)) {
        throw new SessionFinishedError(current.status);
      }
      if (state !== undefined) entries.push({ timestamp: now, event: 'session_updated', details: { version: current.version + 1 } });

      const result = await this.commit(current, { status: input.status, state, at: now }, entries, true);
      if (result) {
        await this.afterCommit(current, result.session, 'updated');
        this.log.info('session_updated', {
          session_id: sessionId,
          details: { version: result.session.version, status: result.session.status, state_changed: state !== undefined },
        });
        return result.view!;
      }
      if (input.version !== undefined) {
        const fresh = await this.findOpen(sessionId);
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
      const current = await this.findOpen(sessionId);
      if (actor) assertParticipant(actor, playerIdsOf(current), sessionId);
      const to = statusAfterDelete(current.status);
      const now = new Date();
      const change: SessionChange = { status: to === current.status ? undefined : to, close: true, at: now };
      const entry: NewHistoryEntry = { timestamp: now, event: 'session_deleted', details: { from: current.status, to } };
      const result = await this.commit(current, change, [entry], false);
      if (result) {
        await this.afterCommit(current, result.session, 'deleted');
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
        const result = await this.commit(candidate, { status: 'abandoned', at: now }, [{ timestamp: now, event: 'session_abandoned', details }], false);
        if (!result) continue;
        await this.afterCommit(candidate, result.session, 'idle_timeout');
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
    await this.profilesChanged(sessionId, playerIdsOf(session));
    if (session.closedAt || isFinished(session.status)) {
      await this.hot.apply(sessionId, session.version, null, options);
      await this.releasePlayers(sessionId, playerIdsOf(session));
      return;
    }
    await this.hot.apply(sessionId, session.version, await this.buildView(session), options);
    const next: PlayerActivity = { state: 'in_session', sessionId, since: Date.now() };
    await Promise.all(playerIdsOf(session).map((id) => this.playerStates.transition(id, ['idle'], next)));
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
    if (session && !session.closedAt && !isFinished(session.status)) {
      const players = await this.players.findByIds(playerIdsOf(session));
      const names = new Map(players.map((p) => [p.id, p.username]));
      return {
        status: 'open',
        sessionId: session.id,
        mode: session.mode,
        players: session.players.map((p) => ({ playerId: p.playerId, username: names.get(p.playerId) ?? '', rating: p.rating })),
      };
    }
    if (!session && activity.since >= Date.now() - CLAIM_GRACE_MS) return { status: 'pending', sessionId: activity.sessionId };
    await this.clearStaleClaim(playerId, activity.sessionId, session ? 'session_finished' : 'session_missing');
    return { status: 'none' };
  }

  /**
   * One durable change with the Redis write-intent protocol: announce, compare-and-set in MongoDB, append history,
   * then apply the hot copy (which also drops the intent). Null when the compare-and-set lost.
   */
  private async commit(
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
  private async profilesChanged(sessionId: string, playerIds: readonly string[]): Promise<void> {
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
  private async afterCommit(before: Session, after: Session, reason: AbandonReason): Promise<void> {
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

  private async pauseBeforeRetry(sessionId: string, giveUpAt: number): Promise<void> {
    if (Date.now() >= giveUpAt) throw new SessionContendedError(sessionId);
    await sleep(RETRY_PAUSE_MS + Math.random() * RETRY_PAUSE_MS);
  }

  private async findOpen(sessionId: string): Promise<Session> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.closedAt) throw new SessionNotFoundError(sessionId);
    return session;
  }

  private async buildView(session: Session): Promise<SessionView> {
    const [players, history] = await Promise.all([
      this.players.findByIds(playerIdsOf(session)),
      this.sessions.recentHistory(session.id, VIEW_HISTORY_LIMIT),
    ]);
    return toSessionView(session, new Map(players.map((p) => [p.id, p.username])), history);
  }

  private async applyHot(sessionId: string, version: number, view: SessionView | null, options: { token?: string; forgetIntentsBefore?: number } = {}): Promise<void> {
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
  private async claimPlayers(sessionId: string, playerIds: string[], fromQueue: boolean, now: Date): Promise<void> {
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
  private async clearStaleClaim(playerId: string, sessionId: string, reason: 'session_finished' | 'session_missing'): Promise<void> {
    const cleared = await this.playerStates.transition(playerId, ['in_session'], { state: 'idle' }, sessionId);
    if (cleared.ok) this.log.warn('player_state_repaired', { player_id: playerId, session_id: sessionId, details: { from: 'in_session', to: 'idle', reason } });
  }

  /** Sets players idle if (and only if) they are still marked in this session. */
  private async releasePlayers(sessionId: string, playerIds: string[]): Promise<void> {
    const results = await Promise.allSettled(playerIds.map((id) => this.playerStates.transition(id, ['in_session'], { state: 'idle' }, sessionId)));
    const failed = playerIds.filter((_, i) => results[i].status === 'rejected');
    if (failed.length > 0) this.log.warn('player_release_failed', { session_id: sessionId, details: { player_ids: failed } });
  }
}

/** A session a caller may not see answers exactly like one that does not exist, so ids reveal nothing. */
function assertParticipant(actor: Actor, playerIds: string[], sessionId: string): void {
  if (actor.role === 'server') return;
  if (!playerIds.includes(actor.playerId)) throw new SessionNotFoundError(sessionId);
}

function originOf(actor: Actor | null, options: { fromQueue?: boolean }): SessionOrigin {
  if (options.fromQueue || !actor) return 'matchmaker';
  return actor.role === 'server' ? 'server' : 'player';
}

function withoutHistory({ history: _history, ...session }: SessionView): Omit<SessionView, 'history'> {
  return session;
}

function idleSeconds(before: Session, after: Session): number {
  return Math.max(0, Math.floor((after.updatedAt.getTime() - before.updatedAt.getTime()) / 1000));
}
