import type { SessionStatus } from '@libs/database';
import { MatchResult, SERVER_REPORTER } from './match-result.model';
import type { Outcome } from './domain';
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
  /** The same reporter already reported the same outcome and it is still waiting for the opponent. */
  | { kind: 'replay_pending' }
  /** First player report: store it and wait for the opponent's. */
  | { kind: 'record' }
  /** Apply `outcome` (for the session's first player). */
  | { kind: 'apply'; outcome: Outcome; source: 'server' | 'players' }
  /** The opponent reported a different outcome: mark the session disputed. */
  | { kind: 'dispute' }
  | { kind: 'reject'; error: Error };

/** A game server may mark a session completed before it reports the result, so completed still takes one. */
const ACCEPTS_RESULTS: SessionStatus[] = ['waiting', 'active', 'completed'];

/**
 * The match-result rules, framework-free. `outcome` is normalised to the session's first player.
 * - A server report applies at once, and is the only way to settle a disputed session.
 * - A player report applies only when the opponent has reported the same outcome; a different one disputes it.
 * - Reports are final: a player cannot change theirs, and an applied result can only be replayed, never changed.
 */
export function decideReport(
  existing: MatchResult | null,
  session: { id: string; status: SessionStatus; closed?: boolean },
  reporter: string,
  outcome: Outcome,
): ReportDecision {
  if (existing?.status === 'applied') {
    return existing.outcome === outcome ? { kind: 'replay_applied' } : { kind: 'reject', error: new ResultAlreadyAppliedError(session.id) };
  }
  // A deleted session is gone for the API: only an already applied result can still be replayed.
  if (session.closed) return { kind: 'reject', error: new ResultSessionNotFoundError(session.id) };
  if (existing?.status === 'disputed') {
    return reporter === SERVER_REPORTER ? { kind: 'apply', outcome, source: 'server' } : { kind: 'reject', error: new ResultDisputedError(session.id) };
  }
  if (!ACCEPTS_RESULTS.includes(session.status)) return { kind: 'reject', error: new SessionNotOpenError(session.id, session.status) };
  if (reporter === SERVER_REPORTER) return { kind: 'apply', outcome, source: 'server' };

  const reports = existing?.reports ?? [];
  const own = reports.find((report) => report.reporter === reporter);
  if (own) return own.outcome === outcome ? { kind: 'replay_pending' } : { kind: 'reject', error: new ReportAlreadySubmittedError(session.id) };
  const other = reports.find((report) => report.reporter !== SERVER_REPORTER);
  if (!other) return { kind: 'record' };
  return other.outcome === outcome ? { kind: 'apply', outcome, source: 'players' } : { kind: 'dispute' };
}
