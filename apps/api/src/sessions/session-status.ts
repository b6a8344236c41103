import type { SessionStatus } from '@libs/database';

export type { SessionStatus };

/** Allowed status changes through the API; finished statuses are terminal. */
const NEXT: Record<SessionStatus, readonly SessionStatus[]> = {
  waiting: ['active', 'abandoned'],
  active: ['completed', 'abandoned'],
  completed: [],
  abandoned: [],
  disputed: [],
};

/** Statuses in which a session still holds its players. */
export const UNFINISHED_STATUSES: readonly SessionStatus[] = ['waiting', 'active'];

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return NEXT[from].includes(to);
}

/** Finished sessions (completed, abandoned, disputed) no longer change and free their players. */
export function isFinished(status: SessionStatus): boolean {
  return !UNFINISHED_STATUSES.includes(status);
}

/** Deleting a session that has not finished ends it as abandoned; a finished one keeps its status. */
export function statusAfterDelete(status: SessionStatus): SessionStatus {
  return isFinished(status) ? status : 'abandoned';
}

/** A change counts against the players' `abandoned` stat exactly when it ends an unfinished session as abandoned. */
export function endsAsAbandoned(from: SessionStatus, to: SessionStatus): boolean {
  return !isFinished(from) && to === 'abandoned';
}
