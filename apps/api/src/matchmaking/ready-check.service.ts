import { Injectable } from '@nestjs/common';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerStateStore } from '../players/player-state.store';
import { ClaimedMatch, MatchQueue } from './match-queue';
import { MatchSettler } from './match-settler';
import { AlreadyAnsweredError, MatchNotFoundError, MatchNotPendingError, NotInMatchError } from './queue.errors';
import { playersOf, ReadyAnswer, ReadyChecks } from './ready-checks';

export interface ReadyCheckResult {
  match_id: string;
  status: 'pending' | 'confirmed' | 'cancelled';
  /** The match's session once everyone accepted (null while pending, when cancelled, or if its creation failed). */
  session_id: string | null;
}

/** Ready-checks due per mode and tick; the rest are handled next tick. */
const TIMEOUT_BATCH = 100;

/**
 * Accept / decline / timeout of a ready-check. The answer script decides each match exactly once; the caller whose
 * answer decided it then creates the session (all accepted) or cancels the match: decliners and silent players leave
 * the queue, everyone else goes back with their original join time.
 */
@Injectable()
export class ReadyCheckService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly checks: ReadyChecks,
    private readonly settler: MatchSettler,
    private readonly queue: MatchQueue,
    private readonly states: PlayerStateStore,
    private readonly events: DomainEvents,
    logger: AppLogger,
  ) {
    this.log = logger.forService('matchmaker');
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
      const settled = await this.settler.settle(record.match, 'ready_check');
      return { match_id: matchId, status: 'confirmed', session_id: settled?.sessionId ?? null };
    }
    await this.cancel(record.match, 'declined', decided.accepted);
    return { match_id: matchId, status: 'cancelled', session_id: null };
  }

  /** Cancels this mode's ready-checks whose deadline has passed (called by the matchmaker tick, under its lease). */
  async expireDue(mode: string, now = Date.now()): Promise<number> {
    let cancelled = 0;
    for (const matchId of await this.checks.due(mode, now, TIMEOUT_BATCH)) {
      const decided = await this.checks.answer(matchId, '', 'timeout', now);
      if (decided.outcome === 'pending') continue;
      const record = decided.outcome === 'cancelled' ? await this.checks.get(matchId) : null;
      if (record && decided.outcome === 'cancelled') {
        await this.cancel(record.match, 'timeout', decided.accepted);
        cancelled++;
      } else {
        // Decided by an answer (whose caller cleans up) or long gone: only the index entry is left.
        await this.checks.unindex(mode, matchId);
      }
    }
    return cancelled;
  }

  private async cancel(match: ClaimedMatch, reason: 'declined' | 'timeout', accepted: string[]): Promise<void> {
    await this.checks.forget(match);
    const now = Date.now();
    const requeued: string[] = [];
    for (const ticket of playersOf(match)) {
      if (accepted.includes(ticket.playerId)) {
        if ((await this.settler.returnTicket(match.mode, match.claimId, ticket, now)) === 'requeued') requeued.push(ticket.playerId);
        continue;
      }
      if ((await this.queue.release(match.mode, match.claimId, [ticket.playerId])) === 0) continue;
      await this.states.transition(ticket.playerId, ['queued'], { state: 'idle' });
      this.events.emit('queue.left', { playerId: ticket.playerId, mode: match.mode, reason: 'match_cancelled' });
    }
    const playerIds = playersOf(match).map((t) => t.playerId);
    this.log.info('ready_check_cancelled', { details: { match_id: match.claimId, mode: match.mode, reason, player_ids: playerIds, requeued } });
    this.events.emit('match.cancelled', { matchId: match.claimId, mode: match.mode, reason, playerIds, requeued });
  }
}
