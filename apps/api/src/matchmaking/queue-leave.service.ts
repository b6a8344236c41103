import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { round2, waitedSeconds } from './domain/match-window';
import { PlayerStateStore } from '../players/player-state.store';
import { PartiesService } from '../parties/parties.service';
import { MatchQueue } from './match-queue';
import { MatchInProgressError, NotQueuedError } from './queue.errors';
import { ORPHAN_GRACE_MS } from './queue.views';

/** Leaving the queue, by the player or because their party changed (which dissolves the party's ticket). */
@Injectable()
export class QueueLeaveService implements OnModuleInit {
  private readonly log: ServiceLogger;

  constructor(
    private readonly queue: MatchQueue,
    private readonly states: PlayerStateStore,
    private readonly events: DomainEvents,
    private readonly parties: PartiesService,
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
}
