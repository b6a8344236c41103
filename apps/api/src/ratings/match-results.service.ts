import { Injectable } from '@nestjs/common';
import { Actor } from '@libs/common';
import { DomainEvents } from '@libs/domain-events';
import { DEFAULT_POOL } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerRepository } from '../players/player.repository';
import { SessionsService } from '../sessions/sessions.service';
import { MatchReport, MatchResult, outcomeOfFirst, RatingChange, SERVER_REPORTER } from './match-result.model';
import { decideReport } from './match-result.policy';
import { MatchResultStore, MatchResultTx, RatedPlayer, ResultSession } from './match-result.store';
import { LeaderboardService } from './leaderboard.service';
import { RatingCache } from './rating-cache';
import { effectiveState, RatingPool, RatingPools } from './rating-pools';
import { Outcome, placementsOf, RatingUpdate } from './domain';
import {
  NotOneVersusOneError,
  PlayerNotInSessionError,
  RatedPlayerNotFoundError,
  ResultDisputedError,
  ResultSessionNotFoundError,
} from './ratings.errors';

export interface SubmitResultInput {
  sessionId: string;
  /** Whose outcome `outcome` is. */
  playerId: string;
  outcome: Outcome;
}

export interface MatchResultView {
  session_id: string;
  status: 'applied' | 'pending';
  /** False: the session may not change ratings; the result is recorded and `changes` stays empty. */
  rated: boolean;
  changes: { player_id: string; old_rating: number; new_rating: number; change: number }[];
}

/** What one transaction attempt decided; side effects (logs, Redis) happen only after it committed. */
type Settled =
  | { kind: 'replayed'; result: MatchResult }
  | { kind: 'pending'; result: MatchResult; recorded: boolean; report: MatchReport | null }
  | { kind: 'disputed'; result: MatchResult; report: MatchReport }
  | { kind: 'applied'; result: MatchResult; report: MatchReport; pool: RatingPool; updates: RatingUpdate[]; sessionEnded: boolean }
  | { kind: 'unrated'; result: MatchResult; report: MatchReport; sessionEnded: boolean; version: number };

/**
 * Match results and Elo. Each report is settled in one MongoDB transaction (see docs/ratings.md): the result, both
 * players' ratings, stats and history, and the session's status commit together or not at all, and the stored result
 * makes every retry idempotent. Redis (stats mirror, leaderboard, session hot copy) is refreshed after the commit,
 * from MongoDB, by idempotent writes; a retry or the repair job redoes that refresh if the process died before it.
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
   * @throws ResultSessionNotFoundError (404), NotOneVersusOneError / PlayerNotInSessionError (400),
   *   NotYourSessionError (403), ResultDisputedError / ResultAlreadyAppliedError / ReportAlreadySubmittedError /
   *   SessionNotOpenError (409)
   */
  async submit(actor: Actor, input: SubmitResultInput): Promise<MatchResultView> {
    const reporter = actor.role === 'server' ? SERVER_REPORTER : actor.playerId;
    const settled = await this.store.transaction((tx) => this.settle(tx, actor, reporter, input));
    const { result } = settled;

    if (settled.kind !== 'replayed' && settled.report) {
      this.log.info('match_result_reported', {
        player_id: actor.role === 'player' ? actor.playerId : null,
        session_id: result.sessionId,
        details: { reporter: actor.role, player_id: input.playerId, outcome: input.outcome, status: result.status },
      });
    }
    if (settled.kind === 'applied') this.logApplied(result, settled.pool, settled.updates);
    if (settled.kind === 'disputed') {
      this.log.warn('match_result_disputed', {
        session_id: result.sessionId,
        details: { player_ids: result.playerIds, reports: result.reports.map((r) => ({ reporter: r.reporter, outcome_of_first: r.outcome })) },
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
   * Makes Redis agree with a committed result: both players' stats mirror and leaderboard entry (from MongoDB, with
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
    if (session.playerIds.length !== 2) throw new NotOneVersusOneError(session.id, session.playerIds.length);
    if (!session.playerIds.includes(input.playerId)) throw new PlayerNotInSessionError(input.playerId, session.id);

    const playerIds: [string, string] = [session.playerIds[0], session.playerIds[1]];
    const outcome = outcomeOfFirst(playerIds, input.playerId, input.outcome);
    const existing = await tx.findResult(session.id);
    const decision = decideReport(existing, session, reporter, outcome);
    const now = new Date();
    const report: MatchReport = { reporter, outcome, at: now };
    const base = existing ?? newResult(session.id, playerIds, this.pools.forMode(session.mode).name, now, this.pools.rates(session));
    const details = { reporter: actor.role, reporter_id: actor.role === 'player' ? actor.playerId : null, player_id: input.playerId, outcome: input.outcome };

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
        await tx.saveResult(result, false, {
          session,
          status: 'disputed',
          event: 'result_disputed',
          details: { reports: result.reports.map((r) => ({ reporter: r.reporter === SERVER_REPORTER ? 'server' : r.reporter, outcome_of_first: r.outcome })) },
        });
        return { kind: 'disputed', result, report };
      }
      case 'apply':
        if (!base.rated) return this.applyUnrated(tx, session, base, !existing, report, decision.outcome, decision.source, now);
        return this.apply(tx, session, base, !existing, report, decision.outcome, decision.source, now);
    }
  }

  private async apply(
    tx: MatchResultTx,
    session: ResultSession,
    base: MatchResult,
    isNew: boolean,
    report: MatchReport,
    outcome: Outcome,
    source: 'server' | 'players',
    now: Date,
  ): Promise<Settled> {
    const [idA, idB] = base.playerIds;
    // The pool was fixed when the result was first stored; the system behind it is the pool's, whichever it is.
    const pool = this.pools.get(base.pool);
    // Read inside the transaction: the ratings this application changes are exactly the ones it computes from.
    const [season, found] = await Promise.all([tx.currentSeason(pool.name), tx.findPlayers(pool.name, base.playerIds)]);
    const a = found.find((p) => p.id === idA);
    const b = found.find((p) => p.id === idB);
    if (!a) throw new RatedPlayerNotFoundError(idA);
    if (!b) throw new RatedPlayerNotFoundError(idB);

    const at = historyTimestamp(now, a, b);
    const players = [a, b];
    const states = players.map((p) => effectiveState(pool, p.state, p.season, season, at));
    const [[ua], [ub]] = pool.system.rate([[states[0]], [states[1]]], placementsOf(outcome), at);
    const updates = [ua, ub];
    const changes: RatingChange[] = updates.map((u, i) => ({
      playerId: players[i].id,
      oldRating: pool.system.display(u.before),
      newRating: pool.system.display(u.after),
      change: u.change,
    }));
    await tx.applyRatings(
      pool.name,
      updates.map((u, i) => ({
        ...changes[i],
        opponentId: players[1 - i].id,
        outcome: (i === 0 ? outcome : 1 - outcome) as Outcome,
        // The stored state guards the write; the effective one (reset, RD grown) is what was rated.
        before: players[i].state,
        after: u.after,
        season,
      })),
      session.id,
      at,
    );
    const result: MatchResult = {
      ...base,
      status: 'applied',
      reports: [...base.reports, report],
      outcome,
      source,
      changes,
      updatedAt: at,
      appliedAt: at,
      cacheSynced: false,
    };
    await tx.saveResult(result, isNew, {
      session,
      status: 'completed',
      event: 'result_applied',
      details: { source, pool: pool.name, outcome: { [idA]: outcome, [idB]: 1 - outcome }, changes: changes.map(changeToJson) },
    });
    // A result on a session the server already marked completed does not end it a second time.
    return { kind: 'applied', result, report, pool, updates, sessionEnded: session.status !== 'completed' };
  }

  /** Settles an unrated result like a rated one (recorded once, session completed) but touches no rating. */
  private async applyUnrated(
    tx: MatchResultTx,
    session: ResultSession,
    base: MatchResult,
    isNew: boolean,
    report: MatchReport,
    outcome: Outcome,
    source: 'server' | 'players',
    now: Date,
  ): Promise<Settled> {
    const [idA, idB] = base.playerIds;
    const result: MatchResult = { ...base, status: 'applied', reports: [...base.reports, report], outcome, source, changes: [], updatedAt: now, appliedAt: now, cacheSynced: false };
    await tx.saveResult(result, isNew, {
      session,
      status: 'completed',
      event: 'result_applied',
      details: { source, pool: base.pool, rated: false, origin: session.origin, outcome: { [idA]: outcome, [idB]: 1 - outcome }, changes: [] },
    });
    return { kind: 'unrated', result, report, sessionEnded: session.status !== 'completed', version: session.version + 1 };
  }

  private recordedUnrated(result: MatchResult, sessionEnded: boolean, version: number): void {
    this.log.info('match_result_applied', {
      session_id: result.sessionId,
      details: { source: result.source, pool: result.pool, rated: false, outcome_of_first: result.outcome, changes: [] },
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
    this.log.info('rating_calculated', { session_id: result.sessionId, details: { pool: pool.name, system: pool.system.system, players } });
    this.log.info('match_result_applied', {
      session_id: result.sessionId,
      details: { source: result.source, pool: pool.name, outcome_of_first: result.outcome, changes: result.changes.map(changeToJson) },
    });
  }
}

function uncertaintyOf(state: RatingUpdate['after']): Record<string, number> {
  const out: Record<string, number> = {};
  if (state.rd != null) out.rd = Math.round(state.rd * 100) / 100;
  if (state.volatility != null) out.volatility = state.volatility;
  if (state.mu != null) out.mu = state.mu;
  if (state.sigma != null) out.sigma = state.sigma;
  return out;
}

function newResult(sessionId: string, playerIds: [string, string], pool: string, now: Date, rated: boolean): MatchResult {
  return {
    rated,
    sessionId,
    playerIds,
    pool,
    status: 'pending',
    reports: [],
    outcome: null,
    source: null,
    changes: [],
    createdAt: now,
    updatedAt: now,
    appliedAt: null,
    cacheSynced: false,
  };
}

/** Strictly after each player's previous entry, so a timestamp cursor never skips or repeats an entry. */
function historyTimestamp(now: Date, ...players: RatedPlayer[]): Date {
  const latest = Math.max(now.getTime(), ...players.map((p) => (p.lastRatedAt ? p.lastRatedAt.getTime() + 1 : 0)));
  return new Date(latest);
}

function changeToJson(c: RatingChange) {
  return { player_id: c.playerId, old_rating: c.oldRating, new_rating: c.newRating, change: c.change };
}

export function toView(result: MatchResult): MatchResultView {
  return {
    session_id: result.sessionId,
    status: result.status === 'applied' ? 'applied' : 'pending',
    rated: result.rated,
    changes: result.status === 'applied' ? result.changes.map(changeToJson) : [],
  };
}
