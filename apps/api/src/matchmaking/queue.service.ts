import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, MatchMode } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { isRipe, round2, waitedSeconds, windowOf } from './domain/match-window';
import { Ticket } from './domain/pairing';
import { estimateWaitSeconds, WaitSample } from './domain/wait-estimate';
import { PlayerStateStore } from '../players/player-state.store';
import { PlayerStatsCache } from '../players/player-stats.cache';
import { PlayerRepository } from '../players/player.repository';
import { PartiesService } from '../parties/parties.service';
import type { Party } from '../parties/party.store';
import { uncertaintyBonus } from '../ratings/domain/match-window';
import { MatchRatings } from '../ratings/match-ratings';
import { AddResult, JOIN_CANDIDATES_PER_SIDE, MatchQueue } from './match-queue';
import { MatchRecords } from './match-records';
import { MatchSessions } from './match-sessions';
import { MatchSettler } from './match-settler';
import { ReadyChecks } from './ready-checks';
import {
  AlreadyInSessionError,
  AlreadyQueuedError,
  MatchInProgressError,
  NotQueuedError,
  PartyMemberCannotQueueError,
  PartyMembersBusyError,
  PartyTooLargeError,
  QueuePlayerNotFoundError,
} from './queue.errors';

export interface Opponent {
  player_id: string;
  username: string;
  rating: number;
}

export interface JoinResult {
  status: 'queued' | 'matched';
  mode: string;
  position: number | null;
  queue_size: number;
  joined_at: string;
  estimated_wait_seconds: number;
  session_id: string | null;
  opponent: Opponent | null;
  /** Matched only: the other players of the player's team ([] in 1v1). */
  teammates: Opponent[] | null;
  /** Matched only: the players of every other team. */
  opponents: Opponent[] | null;
  /** The party whose ticket this is, when the player queued with a party. */
  party_id: string | null;
}

/** A mode as the modes file configures it, with its live queue size. */
export type QueueModeView = MatchMode & { default: boolean; queue_size: number };

export interface QueueStatus {
  status: 'idle' | 'queued' | 'matched';
  mode: string | null;
  position: number | null;
  queue_size: number | null;
  waited_seconds: number | null;
  estimated_wait_seconds: number | null;
  rating_window: number | null;
  /** Inside the mode's hold (min_wait_seconds): only an instant-gap or a ripe partner may take the ticket yet. */
  held: boolean | null;
  /** A found match waiting for the players' accepts (ready-check), with its deadline. */
  pending_match: PendingMatchView | null;
  session_id: string | null;
  opponent: Opponent | null;
  teammates: Opponent[] | null;
  opponents: Opponent[] | null;
  party_id: string | null;
}

export interface PendingMatchView {
  match_id: string;
  deadline: string;
  /** This player has accepted already. */
  accepted: boolean;
}

/**
 * A queued state with no ticket and no claim is what a crash between the two writes of a join leaves behind; once
 * it is this old (a join takes milliseconds) it is treated as not queued.
 */
const ORPHAN_GRACE_MS = 10_000;
/** Nearest open tickets on each side that feed the live part of a wait estimate. */
const ESTIMATE_NEIGHBOURS = 3;
/** Recent waits change slowly; reading them once a second per mode is plenty. */
const WAITS_CACHE_MS = 1000;

const IDLE: QueueStatus = {
  status: 'idle',
  mode: null,
  position: null,
  queue_size: null,
  waited_seconds: null,
  estimated_wait_seconds: null,
  rating_window: null,
  held: null,
  pending_match: null,
  session_id: null,
  opponent: null,
  teammates: null,
  opponents: null,
  party_id: null,
};

/** The player-facing queue: join (with an immediate match attempt), leave, status. */
@Injectable()
export class QueueService implements OnModuleInit {
  private readonly log: ServiceLogger;
  private readonly waitsCache = new Map<string, { at: number; waits: Promise<WaitSample[]> }>();

  constructor(
    private readonly queue: MatchQueue,
    private readonly settler: MatchSettler,
    private readonly records: MatchRecords,
    private readonly sessions: MatchSessions,
    private readonly states: PlayerStateStore,
    private readonly stats: PlayerStatsCache,
    private readonly players: PlayerRepository,
    private readonly events: DomainEvents,
    private readonly readyChecks: ReadyChecks,
    private readonly parties: PartiesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly matchRatings: MatchRatings,
    logger: AppLogger,
  ) {
    this.log = logger.forService('queue');
  }

  onModuleInit(): void {
    // Any membership change dissolves the party's ticket (and a joining player's own ticket). The party's ticket goes
    // first, through a member still in the party: the changed player no longer points at it (a leaver) or holds a
    // ticket of their own (a newcomer).
    this.parties.onChange(async (change) => {
      for (const member of [...change.previousMembers.filter((id) => id !== change.playerId), change.playerId]) {
        await this.leave(member, change.reason).catch((error: unknown) => {
          // A claimed ticket's match is under way: a pending ready-check is cancelled by ReadyCheckService, a session
          // being created goes ahead.
          if (!(error instanceof NotQueuedError) && !(error instanceof MatchInProgressError)) throw error;
        });
      }
    });
  }

  async join(playerId: string, requestedMode?: string): Promise<JoinResult> {
    const settings = this.queue.modes.resolve(requestedMode);
    const mode = settings.name;
    // The party lookup and the rating read do not depend on each other: one round trip for both.
    const solo = this.ratingOf(playerId, mode);
    solo.catch(() => undefined);
    const party = await this.parties.partyOf(playerId);
    if (party && party.members.length > 1) {
      if (party.leaderId !== playerId) throw new PartyMemberCannotQueueError(party.id);
      return this.joinAsParty(party, settings);
    }
    const { rating, uncertainty } = await solo;
    // A player the pool is unsure about starts with a wider window (0 in Elo modes: the mode's windows).
    const windowBonus = uncertaintyBonus(uncertainty);
    const now = Date.now();
    await this.enterQueuedState(playerId, mode, now);

    let added: AddResult;
    try {
      // The neighbours come back with the new ticket: the partner search and the estimate need no further read.
      added = await this.queue.addToQueue(mode, playerId, rating, now, [], { range: settings.max_window, perSide: JOIN_CANDIDATES_PER_SIDE }, windowBonus);
    } catch (error) {
      await this.states.transition(playerId, ['queued'], { state: 'idle' }).catch(() => undefined);
      throw error;
    }
    // A claim on this player's ticket is being settled; its outcome decides the state, so leave it as it is.
    if (!added.ok) throw new MatchInProgressError();
    this.log.info('queue_joined', {
      player_id: playerId,
      details: { mode, rating, position: added.position, queue_size: added.queueSize, ...(windowBonus > 0 ? { window_bonus: windowBonus } : {}) },
    });
    this.events.emit('queue.joined', { playerId, mode, rating, joinedAt: now });

    const self: Ticket = { playerId, rating, joinedAt: now, ...(windowBonus > 0 ? { windowBonus } : {}) };
    const claimed = await this.queue.findMatch(mode, self, now, added.neighbours).catch((error: unknown) => {
      // The matchmaker will find the match instead.
      this.log.warn('queue_join_match_failed', { player_id: playerId, details: { error, mode } });
      return null;
    });
    if (claimed) {
      const settled = await this.settler.settle(claimed, 'join');
      if (settled) {
        const opponent = settled.players.find((p) => p.playerId !== playerId);
        return {
          status: 'matched',
          mode,
          position: null,
          queue_size: await this.queue.size(mode),
          joined_at: new Date(now).toISOString(),
          estimated_wait_seconds: 0,
          session_id: settled.sessionId,
          opponent: opponent ? { player_id: opponent.playerId, username: opponent.username, rating: opponent.rating } : null,
          teammates: [],
          opponents: opponent ? [{ player_id: opponent.playerId, username: opponent.username, rating: opponent.rating }] : [],
          party_id: null,
        };
      }
    }
    // A claim that could not be settled put the ticket back: read where it stands now.
    const after = claimed ? await this.queue.snapshot(mode, playerId, { range: settings.max_window, perSide: ESTIMATE_NEIGHBOURS }) : null;
    const { position, queueSize } = after?.ticket ? after : added;
    return {
      status: 'queued',
      mode,
      position,
      queue_size: queueSize,
      joined_at: new Date(now).toISOString(),
      estimated_wait_seconds: await this.estimate(mode, self, now, after?.ticket ? after.neighbours : added.neighbours),
      session_id: null,
      opponent: null,
      teammates: null,
      opponents: null,
      party_id: null,
    };
  }

  /** Leaves the queue; a party member's leave (or a membership change, `reason`) removes the party's ticket. */
  async leave(playerId: string, reason = 'left'): Promise<void> {
    const state = await this.states.get(playerId);
    if (state.state !== 'queued') throw new NotQueuedError();
    const removed = await this.queue.removeFromQueue(state.mode, playerId);
    if (removed.outcome === 'absent') {
      const party = await this.parties.partyOf(playerId);
      if (party && (await this.leaveAsParty(party.id, party.members, state.mode, playerId, reason))) return;
    }
    if (removed.outcome === 'claimed') throw new MatchInProgressError();
    // No ticket: a join still in flight (leave it be), or an orphaned state (clear it).
    if (removed.outcome === 'absent' && Date.now() - state.since <= ORPHAN_GRACE_MS) throw new NotQueuedError();
    await this.states.transition(playerId, ['queued'], { state: 'idle' });
    const joinedAt = removed.outcome === 'removed' ? removed.joinedAt : state.since;
    this.log.info('queue_left', {
      player_id: playerId,
      details: { mode: state.mode, waited_seconds: round2(waitedSeconds(joinedAt, Date.now())), orphaned: removed.outcome === 'absent' },
    });
    this.events.emit('queue.left', { playerId, mode: state.mode, reason: reason === 'left' ? 'left' : 'party_changed' });
  }

  async status(playerId: string): Promise<QueueStatus> {
    const state = await this.states.get(playerId);
    const now = Date.now();
    if (state.state === 'in_session') {
      const record = await this.records.read(playerId);
      if (record && record.sessionId === state.sessionId) {
        const view = (p: { playerId: string; username: string; rating: number }): Opponent => ({ player_id: p.playerId, username: p.username, rating: p.rating });
        return {
          ...IDLE,
          status: 'matched',
          mode: record.mode,
          session_id: record.sessionId,
          opponent: view(record.opponent),
          teammates: record.teammates.map(view),
          opponents: record.opponents.map(view),
        };
      }
      // No record of this session: its creator died before writing one, or a game server created it. Ask the session
      // itself, so status and join always agree (a state pointing at a session that does not exist is cleared).
      const check = await this.sessions.check(playerId);
      if (check.status === 'pending') return { ...IDLE, status: 'matched', session_id: check.sessionId };
      if (check.status === 'none') return IDLE;
      const opponent = check.players.find((p) => p.playerId !== playerId);
      return {
        ...IDLE,
        status: 'matched',
        mode: check.mode,
        session_id: check.sessionId,
        opponent: opponent ? { player_id: opponent.playerId, username: opponent.username, rating: opponent.rating } : null,
      };
    }
    if (state.state !== 'queued') return IDLE;

    const policy = this.queue.modes.policy(state.mode);
    const around = { range: policy.maxWindow, perSide: ESTIMATE_NEIGHBOURS };
    // Ticket, position, queue size and neighbours in one script call.
    let snapshot = await this.queue.snapshot(state.mode, playerId, around);
    let partyId: string | null = null;
    if (!snapshot.ticket) {
      const party = await this.parties.partyOf(playerId);
      if (party) {
        const ofParty = await this.queue.snapshot(state.mode, party.id, around);
        if (ofParty.ticket) [snapshot, partyId] = [ofParty, party.id];
      }
    }
    const { ticket, position, queueSize } = snapshot;
    if (!ticket) return now - state.since <= ORPHAN_GRACE_MS ? { ...IDLE, status: 'queued', mode: state.mode } : IDLE;
    const waited = waitedSeconds(ticket.joinedAt, now);
    const [estimate, pending] = await Promise.all([
      // A claimed ticket's match is being created right now.
      ticket.claimId ? Promise.resolve(1) : this.estimate(state.mode, ticket, now, snapshot.neighbours),
      ticket.claimId ? this.readyChecks.pendingFor(playerId) : Promise.resolve(null),
    ]);
    return {
      ...IDLE,
      status: 'queued',
      mode: state.mode,
      position,
      queue_size: queueSize,
      waited_seconds: Math.floor(waited),
      estimated_wait_seconds: estimate,
      rating_window: Math.floor(windowOf(ticket, waited, policy)),
      held: !ticket.claimId && !isRipe(waited, policy),
      pending_match: pending ? { match_id: pending.matchId, deadline: new Date(pending.deadline).toISOString(), accepted: pending.accepted } : null,
      party_id: partyId,
    };
  }

  /**
   * Queues a whole party as one ticket (id = party id): every member must be idle (else 409 naming who is busy) and
   * the party must fit in one team (else 400). Team modes match on the matchmaker's next tick.
   */
  private async joinAsParty(party: Party, settings: MatchMode): Promise<JoinResult> {
    const mode = settings.name;
    if (party.members.length > settings.team_size) throw new PartyTooLargeError(party.members.length, mode, settings.team_size);
    const rated = await Promise.all(party.members.map((id) => this.ratingOf(id, mode)));
    const ratings = rated.map((r) => r.rating);
    // The party's uncertainty is combined like its rating (party_rating: mean or max of the members').
    const combine = (values: number[]) => (settings.party_rating === 'max' ? Math.max(...values) : values.reduce((s, r) => s + r, 0) / values.length);
    const rating = Math.round(combine(ratings));
    const windowBonus = uncertaintyBonus(combine(rated.map((r) => r.uncertainty)));
    const now = Date.now();
    const moves = await Promise.all(party.members.map((id) => this.states.transition(id, ['idle'], { state: 'queued', mode, since: now })));
    const busy = party.members.filter((_, i) => !moves[i].ok);
    const rollback = () =>
      Promise.all(party.members.filter((_, i) => moves[i].ok).map((id) => this.states.transition(id, ['queued'], { state: 'idle' }).catch(() => undefined)));
    if (busy.length > 0) {
      await rollback();
      const names = new Map((await this.players.findByIds(busy)).map((p) => [p.id, p.username]));
      const described = busy.map((id) => {
        const move = moves[party.members.indexOf(id)];
        return `${names.get(id) ?? id} (${move.ok ? 'idle' : move.previous.state})`;
      });
      throw new PartyMembersBusyError(described, busy);
    }
    let added: AddResult;
    try {
      added = await this.queue.addToQueue(mode, party.id, rating, now, party.members, undefined, windowBonus);
    } catch (error) {
      await rollback();
      throw error;
    }
    if (!added.ok) {
      await rollback();
      throw new MatchInProgressError();
    }
    await this.parties.touch(party).catch(() => undefined);
    party.members.forEach((id, i) => this.events.emit('queue.joined', { playerId: id, mode, rating: ratings[i], joinedAt: now }));
    this.log.info('queue_joined', {
      player_id: party.leaderId,
      details: {
        mode,
        rating,
        party_id: party.id,
        members: party.members,
        member_ratings: ratings,
        party_rating: settings.party_rating,
        ...(windowBonus > 0 ? { window_bonus: windowBonus } : {}),
        position: added.position,
        queue_size: added.queueSize,
      },
    });
    return {
      status: 'queued',
      mode,
      position: added.position,
      queue_size: added.queueSize,
      joined_at: new Date(now).toISOString(),
      estimated_wait_seconds: await this.estimate(mode, { playerId: party.id, rating, joinedAt: now, ...(windowBonus > 0 ? { windowBonus } : {}) }, now),
      session_id: null,
      opponent: null,
      teammates: null,
      opponents: null,
      party_id: party.id,
    };
  }

  /** Removes a party's open ticket and sets its members idle; false when the party has no ticket in `mode`. */
  private async leaveAsParty(partyId: string, members: readonly string[], mode: string, by: string, reason: string): Promise<boolean> {
    const ticket = await this.queue.membersOf(mode, [partyId]);
    const removed = await this.queue.removeFromQueue(mode, partyId);
    if (removed.outcome === 'absent') return false;
    if (removed.outcome === 'claimed') throw new MatchInProgressError();
    // The players who queued with the ticket: a newcomer to the party was not queued with it (their state is their own).
    const queued = (ticket.get(partyId) ?? []).filter((id) => id !== partyId);
    const players = new Set(queued.length > 0 ? queued : members);
    await Promise.all([...players].map((id) => this.states.transition(id, ['queued'], { state: 'idle' })));
    this.log.info('queue_left', {
      player_id: by,
      details: { mode, party_id: partyId, reason, members: [...players], waited_seconds: round2(waitedSeconds(removed.joinedAt, Date.now())) },
    });
    for (const id of players) this.events.emit('queue.left', { playerId: id, mode, reason: reason === 'left' ? 'left' : 'party_changed' });
    return true;
  }

  /** Every configured mode with its settings and the number of open tickets waiting in it. */
  async listModes(): Promise<QueueModeView[]> {
    const modes = this.queue.modes.all;
    const sizes = await Promise.all(modes.map((m) => this.queue.size(m.name)));
    return modes.map((m, i) => ({ ...m, default: i === 0, queue_size: sizes[i] }));
  }

  /**
   * The rating matchmaking uses in `mode` and its uncertainty: the mode's pool rating, or for `default` (or no mode)
   * the stats mirror's rating (Elo: no uncertainty).
   */
  private async ratingOf(playerId: string, mode?: string): Promise<{ rating: number; uncertainty: number }> {
    const pooled = mode ? await this.matchRatings.forMode(playerId, mode) : null;
    if (pooled) return { rating: pooled.rating, uncertainty: pooled.uncertainty };
    const cached = await this.stats.read(playerId);
    if (cached) return { rating: cached.current_rating, uncertainty: 0 };
    const player = await this.players.findById(playerId);
    if (!player) throw new QueuePlayerNotFoundError(playerId);
    await this.stats.fill(playerId, player.stats);
    return { rating: player.stats.rating, uncertainty: 0 };
  }

  /** idle → queued, or 409. A queued state orphaned by a crash (no ticket, older than the grace) is taken over. */
  private async enterQueuedState(playerId: string, mode: string, now: number): Promise<void> {
    const next = { state: 'queued' as const, mode, since: now };
    let moved = await this.states.transition(playerId, ['idle'], next);
    // A state pointing at a session that is gone (finished, or never created by a replica that died) is cleared.
    if (!moved.ok && moved.previous.state === 'in_session' && (await this.sessions.check(playerId)).status === 'none') {
      moved = await this.states.transition(playerId, ['idle'], next);
    }
    if (moved.ok) return;
    if (moved.previous.state === 'in_session') throw new AlreadyInSessionError(moved.previous.sessionId);
    const current = await this.states.get(playerId);
    if (current.state === 'queued' && now - current.since > ORPHAN_GRACE_MS && !(await this.queue.ticket(current.mode, playerId))) {
      if ((await this.states.transition(playerId, ['queued'], next)).ok) {
        this.log.warn('queue_state_repaired', { player_id: playerId, details: { mode: current.mode, since: current.since } });
        return;
      }
    }
    throw new AlreadyQueuedError(moved.previous.mode);
  }

  /** `nearest`: the ticket's neighbours within the mode's max window as read already (nearest first, each side). */
  private async estimate(mode: string, self: Ticket, now: number, nearest?: readonly Ticket[]): Promise<number> {
    const policy = this.queue.modes.policy(mode);
    const { maxWindow } = policy;
    const [neighbours, recentWaits] = await Promise.all([
      nearest
        ? nearestPerSide(self, nearest, ESTIMATE_NEIGHBOURS)
        : this.queue.neighbours(mode, self, self.rating - maxWindow, self.rating + maxWindow, ESTIMATE_NEIGHBOURS),
      this.recentWaits(mode, now),
    ]);
    return estimateWaitSeconds({
      rating: self.rating,
      waitedSeconds: waitedSeconds(self.joinedAt, now),
      windowBonus: self.windowBonus,
      recentWaits,
      neighbours: neighbours.map((n) => ({ rating: n.rating, waitedSeconds: waitedSeconds(n.joinedAt, now), windowBonus: n.windowBonus })),
      policy,
      tickSeconds: this.config.matchmaker.intervalMs / 1000,
    });
  }

  private recentWaits(mode: string, now: number): Promise<WaitSample[]> {
    const cached = this.waitsCache.get(mode);
    if (cached && now - cached.at < WAITS_CACHE_MS) return cached.waits;
    const waits = this.queue.recentWaits(mode).catch(() => []);
    this.waitsCache.set(mode, { at: now, waits });
    return waits;
  }
}

/** Up to `perSide` of `nearest` on each side of the ticket's rating (the list holds each side nearest first). */
function nearestPerSide(self: Ticket, nearest: readonly Ticket[], perSide: number): Ticket[] {
  const below = nearest.filter((t) => t.rating <= self.rating).slice(0, perSide);
  const above = nearest.filter((t) => t.rating > self.rating).slice(0, perSide);
  return [...below, ...above];
}
