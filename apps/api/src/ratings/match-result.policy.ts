import type { SessionStatus } from '@libs/database';
import { MatchResult, SERVER_REPORTER } from './match-result.model';
import { Placements, samePlacements } from './placements';
import { teamConsensus } from './report-consensus';
import {
  ReportAlreadySubmittedError,
  ResultAlreadyAppliedError,
  ResultDisputedError,
  ResultSessionNotFoundError,
  SessionNotOpenError,
} from './ratings.errors';

/** What to do with one incoming report, given what is already stored. */
export type ReportDecision =
  /** The same result was applied before: answer with the stored changes (idempotent retry). */
  | { kind: 'replay_applied' }
  /** The same reporter already reported the same placements and the result still waits for other teams. */
  | { kind: 'replay_pending' }
  /** A player report some team has not confirmed yet: store it and wait. */
  | { kind: 'record' }
  /** Apply `placements` (the session's team order). */
  | { kind: 'apply'; placements: Placements; source: 'server' | 'players' }
  /** A player reported placements that differ from a stored report: mark the session disputed. */
  | { kind: 'dispute' }
  | { kind: 'reject'; error: Error };

/** A game server may mark a session completed before it reports the result, so completed still takes one. */
const ACCEPTS_RESULTS: SessionStatus[] = ['waiting', 'active', 'completed'];

/**
 * The match-result rules, framework-free. `placements` are in the session's team order (`session.teams`).
 * - A server report applies at once, and is the only way to settle a disputed session.
 * - Player reports apply once one player of every team has reported the same placements (a 1v1: both players); a
 *   report that differs from a stored one disputes the session (report-consensus.ts).
 * - Reports are final: a player cannot change theirs, and an applied result can only be replayed, never changed.
 */
export function decideReport(
  existing: MatchResult | null,
  session: { id: string; status: SessionStatus; closed?: boolean; teams: readonly (readonly string[])[] },
  reporter: string,
  placements: Placements,
): ReportDecision {
  if (existing?.status === 'applied') {
    return existing.placements && samePlacements(existing.placements, placements)
      ? { kind: 'replay_applied' }
      : { kind: 'reject', error: new ResultAlreadyAppliedError(session.id) };
  }
  // A deleted session is gone for the API: only an already applied result can still be replayed.
  if (session.closed) return { kind: 'reject', error: new ResultSessionNotFoundError(session.id) };
  if (existing?.status === 'disputed') {
    return reporter === SERVER_REPORTER ? { kind: 'apply', placements, source: 'server' } : { kind: 'reject', error: new ResultDisputedError(session.id) };
  }
  if (!ACCEPTS_RESULTS.includes(session.status)) return { kind: 'reject', error: new SessionNotOpenError(session.id, session.status) };
  if (reporter === SERVER_REPORTER) return { kind: 'apply', placements, source: 'server' };

  const reports = (existing?.reports ?? []).filter((report) => report.reporter !== SERVER_REPORTER);
  const own = reports.find((report) => report.reporter === reporter);
  if (own) return samePlacements(own.placements, placements) ? { kind: 'replay_pending' } : { kind: 'reject', error: new ReportAlreadySubmittedError(session.id) };
  const consensus = teamConsensus(session.teams, reports, { reporter, placements });
  if (consensus.kind === 'conflict') return { kind: 'dispute' };
  return consensus.kind === 'agreed' ? { kind: 'apply', placements, source: 'players' } : { kind: 'record' };
}
