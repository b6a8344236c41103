import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents, MatchCancelReason } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PartiesService } from '../parties/parties.service';
import { PlayerStateStore } from '../players/player-state.store';
import { MatchQueue } from './match-queue';
import { MatchSettler, SettledMatch } from './match-settler';
import { AlreadyAnsweredError, MatchNotFoundError, MatchNotPendingError, NotInMatchError } from './queue.errors';
import { claimOf, playersOf, ReadyAnswer, ReadyChecks, ReadyMatch, ticketsOf } from './ready-checks';

export interface ReadyCheckResult {
  match_id: string;
  status: 'pending' | 'confirmed' | 'cancelled';
  /** The match's session once everyone accepted (null while pending, when cancelled, or if its creation failed). */
  session_id: string | null;
}

/** Ready-checks due per mode and tick; the rest are handled next tick. */
const TIMEOUT_BATCH = 100;

/**
 * Accept / decline / timeout of a ready-check, for 1v1 pairs and team matches alike. The answer script decides each
 * match exactly once; the caller whose answer decided it then creates the session (every player of every ticket
 * accepted) or cancels the match: the ticket of a decliner or silent player leaves the queue whole (a party with it),
 * every other ticket goes back with its original join time.
 */
@Injectable()
export class ReadyCheckService implements OnModuleInit {
  private readonly log: ServiceLogger;

  constructor(
    private readonly checks: ReadyChecks,
    private readonly settler: MatchSettler,
    private readonly queue: MatchQueue,
    private readonly states: PlayerStateStore,
    private readonly events: DomainEvents,
    private readonly parties: PartiesService,
    logger: AppLogger,
  ) {
    this.log = logger.forService('matchmaker');
  }

  onModuleInit(): void {
    // A party that changes while its ticket waits for a ready-check cannot play that match as it was formed: the
    // match is cancelled as if the changed player declined (the queue drops every open ticket of the party likewise).
    this.parties.onChange(async (change) => {
      for (const playerId of new Set([change.playerId, ...change.previousMembers])) {
        const pending = await this.checks.pendingFor(playerId);
        if (pending && (await this.withdraw(pending.matchId, playerId))) return;
      }
    });
  }

  /** @throws MatchNotFoundError (404), NotInMatchError (403), AlreadyAnsweredError / MatchNotPendingError (409) */
  async answer(playerId: string, matchId: string, answer: ReadyAnswer): Promise<ReadyCheckResult> {
    const decided = await this.checks.answer(matchId, playerId, answer);
    switch (decided.outcome) {
      case 'missing':
        throw new MatchNotFoundError(matchId);
      case 'not_in_match':
        throw new NotInMatchError();
      case 'answered':
        throw new AlreadyAnsweredError();
      case 'closed':
        throw new MatchNotPendingError(decided.status);
      case 'pending':
        this.log.info('ready_check_answered', { player_id: playerId, details: { match_id: matchId, answer } });
        return { match_id: matchId, status: 'pending', session_id: null };
    }
    const record = await this.checks.get(matchId);
    if (!record) throw new MatchNotFoundError(matchId);
    if (decided.outcome === 'confirmed') {
      await this.checks.forget(record.match);
      const settled = await this.settle(record.match);
      return { match_id: matchId, status: 'confirmed', session_id: settled?.sessionId ?? null };
    }
    await this.cancel(record.match, 'declined', decided.out);
    return { match_id: matchId, status: 'cancelled', session_id: null };
  }

  /** Cancels a pending match because the player's party changed; false when it was decided already. */
  private async withdraw(matchId: string, playerId: string): Promise<boolean> {
    const decided = await this.checks.answer(matchId, playerId, 'withdraw');
    if (decided.outcome !== 'cancelled') return false;
    const record = await this.checks.get(matchId);
    if (!record) return false;
    await this.cancel(record.match, 'party_changed', decided.out);
    return true;
  }

  /** Whether `expireDue` would find a ready-check past its deadline. */
  hasDue(mode: string, now = Date.now()): Promise<boolean> {
    return this.checks.anyDue(mode, now);
  }

  /** Cancels this mode's ready-checks whose deadline has passed (called by the matchmaker tick, under its lease). */
  async expireDue(mode: string, now = Date.now()): Promise<number> {
    let cancelled = 0;
    for (const matchId of await this.checks.due(mode, now, TIMEOUT_BATCH)) {
      const decided = await this.checks.answer(matchId, '', 'timeout', now);
      if (decided.outcome === 'pending') continue;
      const record = decided.outcome === 'cancelled' ? await this.checks.get(matchId) : null;
      if (record && decided.outcome === 'cancelled') {
        await this.cancel(record.match, 'timeout', decided.out);
        cancelled++;
      } else {
        // Decided by an answer (whose caller cleans up) or long gone: only the index entry is left.
        await this.checks.unindex(mode, matchId);
      }
    }
    return cancelled;
  }

  private settle(ready: ReadyMatch): Promise<SettledMatch | null> {
    return ready.kind === 'pair' ? this.settler.settle(ready.match, 'ready_check') : this.settler.settleTeams(ready.match, 'ready_check');
  }

  private async cancel(ready: ReadyMatch, reason: MatchCancelReason, out: string[]): Promise<void> {
    const { mode, claimId } = claimOf(ready);
    await this.checks.forget(ready);
    const now = Date.now();
    const leaving = new Set(out);
    const requeued: string[] = [];
    for (const { ticket, players } of ticketsOf(ready)) {
      if (!players.some((id) => leaving.has(id))) {
        if ((await this.settler.returnTicket(mode, claimId, ticket, now, players)) === 'requeued') requeued.push(...players);
        continue;
      }
      if ((await this.queue.release(mode, claimId, [ticket.playerId])) === 0) continue;
      for (const playerId of players) {
        await this.states.transition(playerId, ['queued'], { state: 'idle' });
        this.events.emit('queue.left', { playerId, mode, reason: reason === 'party_changed' ? 'party_changed' : 'match_cancelled' });
      }
    }
    const playerIds = playersOf(ready);
    this.log.info('ready_check_cancelled', { details: { match_id: claimId, mode, reason, player_ids: playerIds, out, requeued } });
    this.events.emit('match.cancelled', { matchId: claimId, mode, reason, playerIds, requeued });
  }
}
