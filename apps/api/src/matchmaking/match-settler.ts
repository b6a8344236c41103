import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { round2, waitedSeconds } from './domain/match-window';
import { Ticket } from './domain/pairing';
import { PlayerStateStore } from '../players/player-state.store';
import { ClaimedMatch, ClaimedTeamMatch, MatchQueue } from './match-queue';
import { MatchRecords } from './match-records';
import { MatchSession, MatchSessions } from './match-sessions';
import { QueueMetrics } from './queue.metrics';
import { ReadyChecks } from './ready-checks';

export type MatchSource = 'join' | 'tick' | 'ready_check';

export interface SettledMatch {
  sessionId: string;
  mode: string;
  players: MatchSession['players'];
}

/** What became of a claimed ticket whose match could not go ahead. */
export type ReturnOutcome = 'requeued' | 'dropped' | 'expired' | 'gone';

/**
 * Turns a claimed pair into a game session, or — when that fails — puts each ticket back in the queue with its
 * original join time if the player is still free to play and the ticket has not outlived QUEUE_TICKET_TTL.
 * Used by the on-join path and the matchmaker alike.
 */
@Injectable()
export class MatchSettler {
  private readonly log: ServiceLogger;
  private readonly queueLog: ServiceLogger;

  constructor(
    private readonly queue: MatchQueue,
    private readonly sessions: MatchSessions,
    private readonly records: MatchRecords,
    private readonly states: PlayerStateStore,
    private readonly metrics: QueueMetrics,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
    // Absent where no ready-check can happen (benchmarks wire the settler by hand).
    @Optional() private readonly readyChecks?: ReadyChecks,
  ) {
    this.log = logger.forService('matchmaker');
    this.queueLog = logger.forService('queue');
  }

  async settle(match: ClaimedMatch, source: MatchSource): Promise<SettledMatch | null> {
    const { mode, a, b } = match;
    const acceptTimeout = this.queue.modes.get(mode).accept_timeout_seconds;
    if (acceptTimeout > 0 && source !== 'ready_check' && this.readyChecks) {
      // The tickets stay claimed until every player accepts (ReadyCheckService settles it then) or the check fails.
      await this.readyChecks.open({ kind: 'pair', match }, acceptTimeout).catch((error: unknown) => this.putBack(match, error));
      return null;
    }
    let session: MatchSession;
    try {
      session = await this.sessions.create(mode, [[a.playerId], [b.playerId]]);
    } catch (error) {
      await this.putBack(match, error);
      return null;
    }

    const waitA = waitedSeconds(a.joinedAt, match.claimedAt);
    const waitB = waitedSeconds(b.joinedAt, match.claimedAt);
    const byId = new Map(session.players.map((p) => [p.playerId, p]));
    const view = (t: Ticket) => byId.get(t.playerId) ?? { playerId: t.playerId, username: '', rating: t.rating };
    const matchedAt = Date.now();
    try {
      await this.records.write([
        { playerId: a.playerId, record: { sessionId: session.sessionId, mode, opponent: view(b), teammates: [], opponents: [view(b)], matchedAt } },
        { playerId: b.playerId, record: { sessionId: session.sessionId, mode, opponent: view(a), teammates: [], opponents: [view(a)], matchedAt } },
      ]);
    } catch (error) {
      // The session exists and both players are in it; only the queue status loses its opponent details.
      this.log.warn('match_record_failed', { session_id: session.sessionId, details: { error } });
    }
    try {
      // The waits feed the estimates given to queued players; a joiner matched at once (a of a join match) never
      // queued, so its zero wait would bias them low.
      const waits = [{ rating: b.rating, waitSeconds: waitB }];
      if (source !== 'join') waits.unshift({ rating: a.rating, waitSeconds: waitA });
      await this.queue.release(mode, match.claimId, [a.playerId, b.playerId], waits);
    } catch (error) {
      // Left claimed, the tickets are dropped by stale-claim recovery (both players are in the session by then).
      this.log.warn('match_claim_release_failed', { session_id: session.sessionId, details: { error, mode } });
    }

    this.metrics.matches.inc({ mode, source });
    this.metrics.ratingGap.observe({ mode }, match.gap);
    this.metrics.waitSeconds.observe({ mode }, waitA);
    this.metrics.waitSeconds.observe({ mode }, waitB);
    this.log.info('match_found', {
      session_id: session.sessionId,
      details: {
        mode,
        source,
        player_a: a.playerId,
        player_b: b.playerId,
        rating_a: a.rating,
        rating_b: b.rating,
        gap: match.gap,
        wait_a_seconds: round2(waitA),
        wait_b_seconds: round2(waitB),
        window_a: round2(match.windowA),
        window_b: round2(match.windowB),
      },
    });
    this.events.emit('match.found', { sessionId: session.sessionId, mode, teams: session.players.map((p) => [p]) });
    return { sessionId: session.sessionId, mode, players: session.players };
  }

  /** Turns a claimed team match into a game session with its teams, or puts every ticket back (see `settle`). */
  async settleTeams(match: ClaimedTeamMatch, source: MatchSource): Promise<SettledMatch | null> {
    const { mode } = match;
    const acceptTimeout = this.queue.modes.get(mode).accept_timeout_seconds;
    if (acceptTimeout > 0 && source !== 'ready_check' && this.readyChecks) {
      // As for pairs: every member of every ticket must accept before the session exists.
      await this.readyChecks.open({ kind: 'teams', match }, acceptTimeout).catch((error: unknown) => this.putBackTeams(match, error));
      return null;
    }
    const playersOf = (t: Ticket) => match.members.get(t.playerId) ?? [t.playerId];
    const teams = match.teams.map((team) => team.flatMap(playersOf));
    let session: MatchSession;
    try {
      session = await this.sessions.create(mode, teams);
    } catch (error) {
      await this.putBackTeams(match, error);
      return null;
    }

    const byId = new Map(session.players.map((p) => [p.playerId, p]));
    const view = (id: string) => byId.get(id) ?? { playerId: id, username: '', rating: 0 };
    const matchedAt = Date.now();
    const tickets = match.teams.flat();
    const waits = tickets.map((t) => waitedSeconds(t.joinedAt, match.claimedAt));
    try {
      await this.records.write(
        teams.flatMap((team, i) =>
          team.map((playerId) => {
            const opponents = teams.flatMap((other, j) => (j === i ? [] : other.map(view)));
            const teammates = team.filter((id) => id !== playerId).map(view);
            return { playerId, record: { sessionId: session.sessionId, mode, opponent: opponents[0], teammates, opponents, matchedAt } };
          }),
        ),
      );
    } catch (error) {
      this.log.warn('match_record_failed', { session_id: session.sessionId, details: { error } });
    }
    try {
      await this.queue.release(
        mode,
        match.claimId,
        tickets.map((t) => t.playerId),
        tickets.map((t, i) => ({ rating: t.rating, waitSeconds: waits[i] })),
      );
    } catch (error) {
      this.log.warn('match_claim_release_failed', { session_id: session.sessionId, details: { error, mode } });
    }

    this.metrics.matches.inc({ mode, source });
    this.metrics.ratingGap.observe({ mode }, match.spread);
    this.metrics.teamImbalance.observe({ mode }, match.imbalance);
    for (const wait of waits) this.metrics.waitSeconds.observe({ mode }, wait);
    this.log.info('match_found', {
      session_id: session.sessionId,
      details: {
        mode,
        source,
        teams,
        tickets: match.teams.map((team) => team.map((t) => ({ ticket: t.playerId, rating: t.rating, players: playersOf(t).length }))),
        imbalance: round2(match.imbalance),
        spread: match.spread,
        max_wait_seconds: round2(Math.max(...waits)),
      },
    });
    this.events.emit('match.found', { sessionId: session.sessionId, mode, teams: teams.map((team) => team.map(view)) });
    return { sessionId: session.sessionId, mode, players: session.players };
  }

  /**
   * Returns one claimed ticket after its match fell through: re-opened with its original join time when the player is
   * still waiting for this mode (or was set idle by the failed session creation), dropped when the player is busy
   * elsewhere, expired when it is older than the ticket TTL.
   */
  async returnTicket(mode: string, claimId: string, ticket: Ticket, now = Date.now(), players: readonly string[] = [ticket.playerId]): Promise<ReturnOutcome> {
    const states = await Promise.all(
      players.map(async (id) => {
        const state = await this.states.get(id);
        // A claim for a session that never reached MongoDB (its creator died after claiming the players) is cleared here.
        if (state.state === 'in_session' && (await this.sessions.check(id)).status === 'none') return this.states.get(id);
        return state;
      }),
    );
    const free = states.every((state) => state.state === 'idle' || (state.state === 'queued' && state.mode === mode));
    if (!free) {
      // A party ticket whose member went busy elsewhere is dropped whole: the others go back to idle.
      if (players.length > 1) await Promise.all(players.map((id) => this.states.transition(id, ['queued'], { state: 'idle' })));
      await this.queue.release(mode, claimId, [ticket.playerId]);
      return 'dropped';
    }
    if (ticket.joinedAt + this.queue.modes.ticketTtlMs(mode) <= now) {
      if ((await this.queue.release(mode, claimId, [ticket.playerId])) === 0) return 'gone';
      await Promise.all(players.map((id) => this.states.transition(id, ['queued'], { state: 'idle' })));
      this.logExpired(mode, ticket, now);
      return 'expired';
    }
    // Failed session creation releases its claims to idle; the player never asked to leave, so they queue again.
    await Promise.all(players.map((id) => this.states.transition(id, ['idle', 'queued'], { state: 'queued', mode, since: ticket.joinedAt })));
    return (await this.queue.requeue(mode, ticket.playerId, claimId)) ? 'requeued' : 'gone';
  }

  logExpired(mode: string, ticket: Ticket, now: number): void {
    this.metrics.expired.inc({ mode });
    this.queueLog.info('queue_ticket_expired', {
      player_id: ticket.playerId,
      details: { mode, rating: ticket.rating, waited_seconds: round2(waitedSeconds(ticket.joinedAt, now)), ttl_seconds: this.queue.modes.get(mode).ticket_ttl_seconds },
    });
    this.events.emit('queue.left', { playerId: ticket.playerId, mode, reason: 'expired' });
  }

  private async putBackTeams(match: ClaimedTeamMatch, cause: unknown): Promise<void> {
    const now = Date.now();
    const tickets = match.teams.flat();
    const outcomes = await Promise.all(
      tickets.map((t) =>
        this.returnTicket(match.mode, match.claimId, t, now, match.members.get(t.playerId) ?? [t.playerId]).catch((error: unknown) => {
          this.log.error('match_ticket_return_failed', { player_id: t.playerId, details: { error, mode: match.mode } });
          return 'gone' as const;
        }),
      ),
    );
    this.metrics.sessionFailures.inc({ mode: match.mode });
    this.log.warn('match_session_failed', {
      details: {
        mode: match.mode,
        outcomes: Object.fromEntries(tickets.map((t, i) => [t.playerId, outcomes[i]])),
        error: cause instanceof DomainError ? { code: cause.code, message: cause.message } : cause,
      },
    });
  }

  private async putBack(match: ClaimedMatch, cause: unknown): Promise<void> {
    const now = Date.now();
    const outcomes = await Promise.all(
      [match.a, match.b].map((t) =>
        this.returnTicket(match.mode, match.claimId, t, now).catch((error: unknown) => {
          // Still claimed: stale-claim recovery retries it later.
          this.log.error('match_ticket_return_failed', { player_id: t.playerId, details: { error, mode: match.mode } });
          return 'gone' as const;
        }),
      ),
    );
    this.metrics.sessionFailures.inc({ mode: match.mode });
    this.log.warn('match_session_failed', {
      details: {
        mode: match.mode,
        player_a: match.a.playerId,
        player_b: match.b.playerId,
        outcome_a: outcomes[0],
        outcome_b: outcomes[1],
        error: cause instanceof DomainError ? { code: cause.code, message: cause.message } : cause,
      },
    });
  }
}
