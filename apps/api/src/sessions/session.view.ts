import type { SessionStatus } from './session-status';
import { Session, SessionHistoryEntry, SessionOrigin, teamsOf } from './session.model';

/** How many of the newest history entries a session view carries (the full history stays in MongoDB). */
export const VIEW_HISTORY_LIMIT = 50;

export interface SessionPlayerView {
  player_id: string;
  username: string;
  rating: number;
  /** Index into `teams`. */
  team: number;
}

export interface SessionHistoryView {
  timestamp: string;
  event: string;
  details: Record<string, unknown>;
}

/** The session as the API returns it (and as the Redis hot copy holds it). */
export interface SessionView {
  session_id: string;
  mode: string;
  status: SessionStatus;
  origin: SessionOrigin;
  players: SessionPlayerView[];
  /** Player ids per team, in team order (placements in results follow this order). */
  teams: string[][];
  state: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
  /** Oldest first; at most the newest VIEW_HISTORY_LIMIT entries. */
  history: SessionHistoryView[];
}

export function toSessionView(session: Session, usernames: ReadonlyMap<string, string>, history: SessionHistoryEntry[]): SessionView {
  return {
    session_id: session.id,
    mode: session.mode,
    status: session.status,
    origin: session.origin,
    players: session.players.map((p) => ({ player_id: p.playerId, username: usernames.get(p.playerId) ?? '', rating: p.rating, team: p.team })),
    teams: teamsOf(session),
    state: session.state,
    version: session.version,
    created_at: session.createdAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
    history: history.slice(-VIEW_HISTORY_LIMIT).map((h) => ({ timestamp: h.timestamp.toISOString(), event: h.event, details: h.details })),
  };
}

/** The session as pushed in events: everything to host it, without the history. */
export function withoutHistory({ history: _history, ...session }: SessionView): Omit<SessionView, 'history'> {
  return session;
}
