import type { SessionStatus } from '@libs/database';

export type { SessionStatus };

/**
 * Allowed status changes through the API; finished statuses are terminal. `pending_acceptance` (a player's session
 * whose invitees have not all accepted) leaves only through the invitation use case: to `waiting` when everyone
 * accepted, to `cancelled` on a decline, expiry or delete.
 */
const NEXT: Record<SessionStatus, readonly SessionStatus[]> = {
  pending_acceptance: [],
  waiting: ['active', 'abandoned'],
  active: ['completed', 'abandoned'],
  completed: [],
  abandoned: [],
  disputed: [],
  cancelled: [],
};

/** Statuses in which a session holds its players (they are busy: not queued, not in another session). */
export const UNFINISHED_STATUSES: readonly SessionStatus[] = ['waiting', 'active'];

/** Finished sessions no longer change. `cancelled`: an invitation declined, expired or deleted before anyone was placed. */
export const FINISHED_STATUSES: readonly SessionStatus[] = ['completed', 'abandoned', 'disputed', 'cancelled'];

export function holdsPlayers(status: SessionStatus): boolean {
  return UNFINISHED_STATUSES.includes(status);
}

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return NEXT[from].includes(to);
}

/** Finished sessions (completed, abandoned, disputed, cancelled) no longer change and free their players. */
export function isFinished(status: SessionStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/**
 * Deleting a session that holds its players ends it as abandoned; one still waiting for acceptances is cancelled (no
 * one was placed); a finished one keeps its status.
 */
export function statusAfterDelete(status: SessionStatus): SessionStatus {
  if (status === 'pending_acceptance') return 'cancelled';
  return isFinished(status) ? status : 'abandoned';
}

/**
 * A change counts against the players' `abandoned` stat exactly when it ends a session that held its players as
 * abandoned: never for an invitation, so a player who did not accept is never counted.
 */
export function endsAsAbandoned(from: SessionStatus, to: SessionStatus): boolean {
  return holdsPlayers(from) && to === 'abandoned';
}
