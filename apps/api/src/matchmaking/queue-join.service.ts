import { Injectable } from '@nestjs/common';
import { MatchMode } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { Ticket } from './domain/pairing';
import { PlayerStateStore, TransitionResult } from '../players/player-state.store';
import { PlayerStatsCache } from '../players/player-stats.cache';
import { PlayerRepository } from '../players/player.repository';
import { PartiesService } from '../parties/parties.service';
import type { Party } from '../parties/party.store';
import { uncertaintyBonus } from '../ratings/domain/match-window';
import { MatchRatings } from '../ratings/match-ratings';
import { AddResult, JOIN_CANDIDATES_PER_SIDE, MatchQueue } from './match-queue';
import { MatchSessions } from './match-sessions';
import { MatchSettler } from './match-settler';
import {
  AlreadyInSessionError,
  AlreadyQueuedError,
  MatchInProgressError,
  PartyMemberCannotQueueError,
  PartyMembersBusyError,
  PartyTooLargeError,
  QueuePlayerNotFoundError,
} from './queue.errors';
import { JoinResult, ORPHAN_GRACE_MS } from './queue.views';
import { ESTIMATE_NEIGHBOURS, WaitEstimates } from './wait-estimates';

/** Joining the queue: alone (with an immediate match attempt in 1v1 modes) or as a party's one ticket. */
@Injectable()
export class QueueJoinService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly queue: MatchQueue,
    private readonly settler: MatchSettler,
    private readonly sessions: MatchSessions,
    private readonly states: PlayerStateStore,
    private readonly stats: PlayerStatsCache,
    private readonly players: PlayerRepository,
    private readonly events: DomainEvents,
    private readonly parties: PartiesService,
    private readonly matchRatings: MatchRatings,
    private readonly estimates: WaitEstimates,
    logger: AppLogger,
  ) {
    this.log = logger.forService('queue');
  }

  async join(playerId: string, requestedMode?: string): Promise<JoinResult> {
    const settings = this.queue.modes.resolve(requestedMode);
    const mode = settings.name;
    const now = Date.now();
    // One round trip for the rating and the move to queued, which happens only while the player has no party pointer
    // (checked and moved in one script); a player with one takes the party's way below.
    const solo = this.ratingOf(playerId, mode);
    solo.catch(() => undefined);
    const moved = await this.states.transitionUnlessExists(playerId, ['idle'], { state: 'queued', mode, since: now }, this.parties.membershipKey(playerId));
    if (moved === 'guarded') {
      const party = await this.parties.partyOf(playerId);
      if (party && party.members.length > 1) {
        if (party.leaderId !== playerId) throw new PartyMemberCannotQueueError(party.id);
        return this.joinAsParty(party, settings);
      }
      // A party of one (or a stale pointer, now cleared) queues alone.
      await this.enterQueuedState(playerId, mode, now);
    } else {
      await this.enterQueuedState(playerId, mode, now, moved);
    }
    let rated: { rating: number; uncertainty: number };
    try {
      rated = await solo;
    } catch (error) {
      await this.backToIdle(playerId);
      throw error;
    }
    const { rating, uncertainty } = rated;
    // A player the pool is unsure about starts with a wider window (0 in Elo modes: the mode's windows).
    const windowBonus = uncertaintyBonus(uncertainty);

    let added: AddResult;
    try {
      // The neighbours come back with the new ticket: the partner search and the estimate need no further read.
      added = await this.queue.addToQueue(mode, playerId, rating, now, [], { range: settings.max_window, perSide: JOIN_CANDIDATES_PER_SIDE }, windowBonus);
    } catch (error) {
      await this.backToIdle(playerId);
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
      estimated_wait_seconds: await this.estimates.estimate(mode, self, now, after?.ticket ? after.neighbours : added.neighbours),
      session_id: null,
      opponent: null,
      teammates: null,
      opponents: null,
      party_id: null,
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
      added = await this.queue.addToQueue(mode, party.id, rating, now, party.members, { range: settings.max_window, perSide: ESTIMATE_NEIGHBOURS }, windowBonus);
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
      estimated_wait_seconds: await this.estimates.estimate(mode, { playerId: party.id, rating, joinedAt: now, ...(windowBonus > 0 ? { windowBonus } : {}) }, now, added.neighbours),
      session_id: null,
      opponent: null,
      teammates: null,
      opponents: null,
      party_id: party.id,
    };
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

  /** Undoes this join's move to queued after a later step failed (the failure is what the caller reports). */
  private async backToIdle(playerId: string): Promise<void> {
    await this.states.transition(playerId, ['queued'], { state: 'idle' }).catch(() => undefined);
  }

  /**
   * idle → queued, or 409. A queued state orphaned by a crash (no ticket, older than the grace) is taken over. `first`:
   * the answer of an idle → queued move already made.
   */
  private async enterQueuedState(playerId: string, mode: string, now: number, first?: TransitionResult): Promise<void> {
    const next = { state: 'queued' as const, mode, since: now };
    let moved = first ?? (await this.states.transition(playerId, ['idle'], next));
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
}
