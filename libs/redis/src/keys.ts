/**
 * Every Redis key name is built here. Braces mark the hash tag: keys that a Lua script touches together share a tag,
 * so the script runs on one node of a Redis Cluster.
 */
export const keys = {
  /** Hot copy of an active session (hash). */
  session: (sessionId: string) => `sessions:{${sessionId}}`,
  /** Cached player stats (hash: current_rating, games_played, win_rate, ...). */
  playerStats: (playerId: string) => `player:{${playerId}}:stats`,
  /** Real-time player state (hash: state idle|queued|in_session, mode, session_id, since). */
  playerState: (playerId: string) => `player:{${playerId}}:state`,

  /** All keys of one matchmaking mode share the `{queue:<mode>}` tag. */
  queue: {
    ratings: (mode: string) => `queue:{${mode}}:ratings`,
    joinedAt: (mode: string) => `queue:{${mode}}:joined`,
    tickets: (mode: string) => `queue:{${mode}}:tickets`,
    matches: (mode: string) => `queue:{${mode}}:matches`,
    recentWaits: (mode: string) => `queue:{${mode}}:waits`,
    lease: (mode: string) => `queue:{${mode}}:lease`,
  },
  /** Known queue modes, so the matchmaker can find every queue without SCAN across a cluster. */
  queueModes: () => 'queue:modes',

  /** Login failure counters (per username and per client address). */
  loginFailures: (kind: 'user' | 'client', id: string) => `auth:login_failures:${kind}:{${id}}`,
  /** Refresh-token family: all tokens of one login share the family tag. */
  refreshFamily: (familyId: string) => `auth:refresh:{${familyId}}`,
  /** Revoked access tokens, by jti, kept until the token would have expired anyway. */
  revokedAccessToken: (jti: string) => `auth:revoked:{${jti}}`,

  /** Leaderboard (sorted set player -> rating). */
  leaderboard: () => 'leaderboard:{global}',
  /** Cached rating history page for a player. */
  ratingHistory: (playerId: string) => `player:{${playerId}}:rating_history`,

  /** Short leases so that one replica runs a scheduled job per tick. */
  jobLease: (job: string) => `lease:{${job}}`,
};
