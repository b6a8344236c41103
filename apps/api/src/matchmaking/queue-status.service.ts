import { Injectable } from '@nestjs/common';
import { isRipe, waitedSeconds, windowOf } from './domain/match-window';
import { PlayerStateStore } from '../players/player-state.store';
import { PartiesService } from '../parties/parties.service';
import { MatchQueue } from './match-queue';
import { MatchRecords } from './match-records';
import { MatchSessions } from './match-sessions';
import { ReadyChecks } from './ready-checks';
import { IDLE, Opponent, ORPHAN_GRACE_MS, QueueModeView, QueueStatus } from './queue.views';
import { ESTIMATE_NEIGHBOURS, WaitEstimates } from './wait-estimates';

/** What the queue tells a player (idle, queued with position and estimate, matched) and the modes it offers. */
@Injectable()
export class QueueStatusService {
  constructor(
    private readonly queue: MatchQueue,
    private readonly records: MatchRecords,
    private readonly sessions: MatchSessions,
    private readonly states: PlayerStateStore,
    private readonly parties: PartiesService,
    private readonly readyChecks: ReadyChecks,
    private readonly estimates: WaitEstimates,
  ) {}

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
      ticket.claimId ? Promise.resolve(1) : this.estimates.estimate(state.mode, ticket, now, snapshot.neighbours),
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

  /** Every configured mode with its settings and the number of open tickets waiting in it. */
  async listModes(): Promise<QueueModeView[]> {
    const modes = this.queue.modes.all;
    const sizes = await Promise.all(modes.map((m) => this.queue.size(m.name)));
    return modes.map((m, i) => ({ ...m, default: i === 0, queue_size: sizes[i] }));
  }
}
