import { Injectable } from '@nestjs/common';
import { Actor } from '@libs/common';
import { DomainEvents } from '@libs/domain-events';
import { DEFAULT_POOL } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerRepository } from '../players/player.repository';
import { SessionsService } from '../sessions/sessions.service';
import { MatchReport, MatchResult, SERVER_REPORTER } from './match-result.model';
import { decideReport } from './match-result.policy';
import { MatchResultStore, MatchResultTx } from './match-result.store';
import { changeToJson, MatchResultView, toView } from './match-result.view';
import { LeaderboardService } from './leaderboard.service';
import { RatingCache } from './rating-cache';
import { RatingPool, RatingPools } from './rating-pools';
import { RatingUpdate } from './domain';
import { applyResult, applyUnrated } from './result-application';
import { ReportBody, reportedPlacements } from './report-input';
import { ResultDisputedError, ResultSessionNotFoundError } from './ratings.errors';

export type { MatchResultView } from './match-result.view';
export { toView } from './match-result.view';

/** A report: the 1v1 body (`playerId`'s `outcome`) or placements, one per team in the session's team order. */
export type SubmitResultInput = { sessionId: string } & ReportBody;

/** What one transaction attempt decided; side effects (logs, Redis) happen only after it committed. */
type Settled =
  | { kind: 'replayed'; result: MatchResult }
  | { kind: 'pending'; result: MatchResult; recorded: boolean; report: MatchReport | null }
  | { kind: 'disputed'; result: MatchResult; report: MatchReport }
  | { kind: 'applied'; result: MatchResult; report: MatchReport; pool: RatingPool; updates: RatingUpdate[]; sessionEnded: boolean }
  | { kind: 'unrated'; result: MatchResult; report: MatchReport; sessionEnded: boolean; version: number };

/**
 * Match results, for 1v1 and team sessions in every pool's system. Each report is settled in one MongoDB transaction
 * (see docs/ratings.md): the result, every player's ratings, stats and history, and the session's status commit
 * together or not at all, and the stored result makes every retry idempotent. Redis (stats mirror, leaderboard, session
 * hot copy) is refreshed after the commit, from MongoDB, by idempotent writes; a retry or the repair job redoes that
 * refresh if the process died before it.
 */
@Injectable()
export class MatchResultsService {
  private readonly log: ServiceLogger;

  constructor(
    private readonly store: MatchResultStore,
    private readonly pools: RatingPools,
    private readonly players: PlayerRepository,
    private readonly cache: RatingCache,
    private readonly leaderboard: LeaderboardService,
    private readonly sessions: SessionsService,
    private readonly events: DomainEvents,
    logger: AppLogger,
  ) {
    this.log = logger.forService('rating');
  }

  /**
   * @throws ResultSessionNotFoundError (404), NotOneVersusOneError / PlayerNotInSessionError / InvalidPlacementsError
   *   (400), ResultDisputedError / ResultAlreadyAppliedError / ReportAlreadySubmittedError / SessionNotOpenError (409)
   */
  async submit(actor: Actor, input: SubmitResultInput): Promise<MatchResultView> {
    const reporter = actor.role === 'server' ? SERVER_REPORTER : actor.playerId;
    const settled = await this.store.transaction((tx) => this.settle(tx, actor, reporter, input));
    const { result } = settled;

    if (settled.kind !== 'replayed' && settled.report) {
      this.log.info('match_result_reported', {
        player_id: actor.role === 'player' ? actor.playerId : null,
        session_id: result.sessionId,
        details: { reporter: actor.role, ...reportDetails(input), placements: settled.report.placements, status: result.status },
      });
    }
    if (settled.kind === 'applied') this.logApplied(result, settled.pool, settled.updates);
    if (settled.kind === 'disputed') {
      this.log.warn('match_result_disputed', {
        session_id: result.sessionId,
        details: { player_ids: result.playerIds, teams: result.teams, reports: reportsToJson(result.reports) },
      });
    }

    // Replays refresh too: that is how a retry finishes a job a crash interrupted after the commit.
    if (settled.kind !== 'pending' || settled.recorded) await this.refreshCaches(result);
    if (settled.kind === 'applied') this.events.emit('rating.changed', { sessionId: result.sessionId, sessionEnded: settled.sessionEnded, changes: result.changes });
    if (settled.kind === 'unrated') this.recordedUnrated(result, settled.sessionEnded, settled.version);

    if (settled.kind === 'disputed') throw new ResultDisputedError(result.sessionId);
    return toView(result);
  }

  /**
   * Makes Redis agree with a committed result: every player's stats mirror and leaderboard entry (from MongoDB, with
   * "newer wins" writes), their cached history pages, and the session's hot copy and player states. Idempotent.
   * Failures are logged, not thrown: the result is durable, and the repair job retries unsynced results.
   */
  async refreshCaches(result: MatchResult): Promise<boolean> {
    try {
      if (result.status === 'applied' && result.pool === DEFAULT_POOL) {
        const players = await this.players.findByIds(result.playerIds);
        await Promise.all(players.map((player) => this.cache.refreshPlayer(player)));
      } else if (result.status === 'applied') {
        await this.leaderboard.syncPool(result.pool, result.playerIds);
      }
      await this.sessions.refreshHotState(result.sessionId);
      await this.store.markCacheSynced(result.sessionId, result.updatedAt);
      return true;
    } catch (error) {
      this.log.warn('rating_cache_refresh_failed', { session_id: result.sessionId, details: { error, status: result.status } });
      return false;
    }
  }

  /** One transaction attempt; re-run from scratch on conflicts, so it only reads and writes through `tx`. */
  private async settle(tx: MatchResultTx, actor: Actor, reporter: string, input: SubmitResultInput): Promise<Settled> {
    const session = await tx.findSession(input.sessionId);
    // A session the reporter is not in answers like a missing one, before anything about it is revealed.
    if (!session || (actor.role === 'player' && !session.playerIds.includes(actor.playerId))) {
      throw new ResultSessionNotFoundError(input.sessionId);
    }
    const placements = reportedPlacements(session, input);
    const existing = await tx.findResult(session.id);
    const decision = decideReport(existing, session, reporter, placements);
    const now = new Date();
    const report: MatchReport = { reporter, placements, at: now };
    const base = existing ?? newResult(session.id, session.teams, this.pools.forMode(session.mode).name, now, this.pools.rates(session));
    const details = { reporter: actor.role, reporter_id: actor.role === 'player' ? actor.playerId : null, ...reportDetails(input), placements };

    switch (decision.kind) {
      case 'reject':
        throw decision.error;
      case 'replay_applied':
        return { kind: 'replayed', result: base };
      case 'replay_pending':
        return { kind: 'pending', result: base, recorded: false, report: null };
      case 'record': {
        const result: MatchResult = { ...base, reports: [...base.reports, report], updatedAt: now, cacheSynced: false };
        await tx.saveResult(result, !existing, { session, status: null, event: 'result_reported', details });
        return { kind: 'pending', result, recorded: true, report };
      }
      case 'dispute': {
        const result: MatchResult = { ...base, status: 'disputed', reports: [...base.reports, report], updatedAt: now, cacheSynced: false };
        await tx.saveResult(result, false, { session, status: 'disputed', event: 'result_disputed', details: { reports: reportsToJson(result.reports) } });
        return { kind: 'disputed', result, report };
      }
      case 'apply': {
        if (!base.rated) {
          const result = await applyUnrated(tx, session, base, !existing, report, decision.placements, decision.source, now);
          return { kind: 'unrated', result, report, sessionEnded: session.status !== 'completed', version: session.version + 1 };
        }
        // The pool was fixed when the result was first stored; the system behind it is the pool's, whichever it is.
        const pool = this.pools.get(base.pool);
        const { result, updates } = await applyResult(tx, pool, session, base, !existing, report, decision.placements, decision.source, now);
        // A result on a session the server already marked completed does not end it a second time.
        return { kind: 'applied', result, report, pool, updates, sessionEnded: session.status !== 'completed' };
      }
    }
  }

  private recordedUnrated(result: MatchResult, sessionEnded: boolean, version: number): void {
    this.log.info('match_result_applied', {
      session_id: result.sessionId,
      details: { source: result.source, pool: result.pool, rated: false, placements: result.placements, changes: [] },
    });
    if (sessionEnded) {
      this.events.emit('session.changed', { sessionId: result.sessionId, playerIds: result.playerIds, status: 'completed', version, ended: true, reason: 'result' });
    }
  }

  private logApplied(result: MatchResult, pool: RatingPool, updates: RatingUpdate[]): void {
    const players = updates.map((u, i) => ({
      player_id: result.playerIds[i],
      rating_before: pool.system.display(u.before),
      rating_after: pool.system.display(u.after),
      change: u.change,
      expected_score: Math.round(u.expected * 10000) / 10000,
      outcome: u.score,
      ...u.details,
      ...uncertaintyOf(u.after),
    }));
    this.log.info('rating_calculated', {
      session_id: result.sessionId,
      details: { pool: pool.name, system: pool.system.system, teams: result.teams, placements: result.placements, players },
    });
    this.log.info('match_result_applied', {
      session_id: result.sessionId,
      details: { source: result.source, pool: pool.name, placements: result.placements, changes: result.changes.map(changeToJson) },
    });
  }
}

/** The body as reported, for logs and the session history: the 1v1 fields, or none beside the placements. */
function reportDetails(input: SubmitResultInput): { player_id: string | null; outcome: number | null } {
  return 'placements' in input ? { player_id: null, outcome: null } : { player_id: input.playerId, outcome: input.outcome };
}

function reportsToJson(reports: MatchReport[]) {
  return reports.map((r) => ({ reporter: r.reporter === SERVER_REPORTER ? 'server' : r.reporter, placements: r.placements }));
}

function uncertaintyOf(state: RatingUpdate['after']): Record<string, number> {
  const out: Record<string, number> = {};
  if (state.rd != null) out.rd = Math.round(state.rd * 100) / 100;
  if (state.volatility != null) out.volatility = state.volatility;
  if (state.mu != null) out.mu = state.mu;
  if (state.sigma != null) out.sigma = state.sigma;
  return out;
}

function newResult(sessionId: string, teams: string[][], pool: string, now: Date, rated: boolean): MatchResult {
  return {
    rated,
    sessionId,
    teams: teams.map((team) => [...team]),
    playerIds: teams.flat(),
    pool,
    status: 'pending',
    reports: [],
    placements: null,
    source: null,
    changes: [],
    createdAt: now,
    updatedAt: now,
    appliedAt: null,
    cacheSynced: false,
  };
}
