/**
 * Every Redis key name is built here. Braces mark the hash tag: keys that a Lua script touches together share a tag,
 * so the script runs on one node of a Redis Cluster.
 */
export const keys = {
  /** Hot copy of an active session (hash). */
  session: (sessionId: string) => `sessions:{${sessionId}}`,
  /** Sync record of a session's hot copy (hash: newest applied version, finished flag, in-flight write intents). */
  sessionSync: (sessionId: string) => `sessions:{${sessionId}}:sync`,
  /**
   * Invitation of a player-created session (hash: state pending|placing|placed|cancelled, invitees, expires_at,
   * a:<player> per acceptance, placer and placing_until while its players are being claimed, reason once cancelled).
   * Owned by the sessions feature's invitation use case; every transition is one script on this one key.
   */
  sessionInvitation: (sessionId: string) => `sessions:{${sessionId}}:invitation`,
  /** Cached player stats (hash: current_rating, games_played, win_rate, ...). */
  playerStats: (playerId: string) => `player:{${playerId}}:stats`,
  /** Redis copy of the MongoDB-backed parts of a player's profile ("<version>|<json>"), served while current. */
  playerProfile: (playerId: string) => `player:{${playerId}}:profile`,
  /** Bumped after every durable change a profile shows; decides whether the profile copy is current. */
  playerProfileVersion: (playerId: string) => `player:{${playerId}}:profile_version`,
  /** Real-time player state (hash: state idle|queued|in_session, mode, session_id, since). */
  playerState: (playerId: string) => `player:{${playerId}}:state`,

  /** All keys of one matchmaking mode share the `{<mode>}` tag, so every queue script runs on one cluster node. */
  queue: {
    /** Open tickets: sorted set player -> rating (the matchmaker reads it in rating order). */
    ratings: (mode: string) => `queue:{${mode}}:ratings`,
    /** Open tickets: sorted set player -> joined-at (epoch ms), for positions and expiry. */
    joinedAt: (mode: string) => `queue:{${mode}}:joined`,
    /** Ticket of record, open or claimed (hash player -> "rating|joined_at|claim_id|opponent", plus "|window_bonus" when it has one). */
    tickets: (mode: string) => `queue:{${mode}}:tickets`,
    /** Party tickets: ticket (party id) -> member player ids, comma-separated; solo tickets have no entry. */
    members: (mode: string) => `queue:{${mode}}:members`,
    /** Claimed tickets whose session is being created: sorted set player -> claimed-at (epoch ms). */
    claims: (mode: string) => `queue:{${mode}}:claims`,
    /** Recent measured waits (capped list of "rating|wait_ms"), for wait estimates. */
    recentWaits: (mode: string) => `queue:{${mode}}:waits`,
    /** Matchmaker lease: one replica pairs this mode per tick. */
    lease: (mode: string) => `queue:{${mode}}:lease`,
    /** Matches of this mode waiting for a ready-check: sorted set match id -> deadline (epoch ms). */
    pendingMatches: (mode: string) => `queue:{${mode}}:pending`,
    /** A match waiting for its players' accepts (hash: status, mode, deadline, players, answers, the claimed match). */
    readyCheck: (matchId: string) => `match:{${matchId}}`,
    /** The ready-check a player is asked to answer (string match id; expires after the deadline). */
    pendingMatch: (playerId: string) => `player:{${playerId}}:pending_match`,
    /** The match a player was put in by the matchmaker (hash: session_id, opponent, ...; expires). */
    matchRecord: (playerId: string) => `player:{${playerId}}:match`,
  },
  /** A party (hash: leader_id, invite_code, max_size, created_at); expires when idle. */
  party: (partyId: string) => `party:{${partyId}}`,
  /** A party's members: sorted set player -> joined-at (epoch ms), so the longest-standing member is first. */
  partyMembers: (partyId: string) => `party:{${partyId}}:members`,
  /** The party a player is in (string party id), claimed with SET NX so a player is in at most one party. */
  playerParty: (playerId: string) => `player:{${playerId}}:party`,
  /** Known queue modes, so the matchmaker can find every queue without SCAN across a cluster. */
  queueModes: () => 'queue:modes',

  /** Login attempt counters (hash: failures, and r:<token> -> deadline per attempt in flight), per username and per client address. */
  loginAttempts: (kind: 'user' | 'client', id: string) => `auth:login_attempts:${kind}:{${id}}`,
  /** Registration attempts per client address (a validated IP, or an IPv6 /64). */
  registrations: (clientIp: string) => `auth:registrations:{${clientIp}}`,
  /** Refresh-token family: all tokens of one login share the family tag. */
  refreshFamily: (familyId: string) => `auth:refresh:{${familyId}}`,
  /** Marks a revoked refresh-token family, so access tokens bound to it fail too (kept for one access-token TTL). */
  refreshFamilyRevoked: (familyId: string) => `auth:refresh:{${familyId}}:revoked`,
  /** Revoked access tokens, by jti, kept until the token would have expired anyway. */
  revokedAccessToken: (jti: string) => `auth:revoked:{${jti}}`,

  /** Leaderboard (sorted set player -> rating). */
  leaderboard: () => 'leaderboard:{global}',
  /** Per leaderboard member: the games_played its score reflects (hash), so a stale refresh never overwrites a newer one. */
  leaderboardVersions: () => 'leaderboard:{global}:versions',
  /** Per leaderboard member: the username (hash), so the board is served from Redis alone. */
  leaderboardNames: () => 'leaderboard:{global}:names',
  /** Leaderboard of one season of a rating pool other than `default` (sorted set player -> displayed rating). */
  poolLeaderboard: (pool: string, season: number) => `leaderboard:{pool:${pool}:${season}}`,
  poolLeaderboardVersions: (pool: string, season: number) => `leaderboard:{pool:${pool}:${season}}:versions`,
  poolLeaderboardNames: (pool: string, season: number) => `leaderboard:{pool:${pool}:${season}}:names`,
  /** A player's ratings in pools other than `default` (hash pool -> JSON, `v:<pool>` -> version, `*` when complete). */
  poolRatings: (playerId: string) => `player:{${playerId}}:pool_ratings`,
  /** A rating pool's current season number (string), mirrored from MongoDB. */
  poolSeason: (pool: string) => `ratings:season:{${pool}}`,
  /** Cached rating history page for a player. */
  ratingHistory: (playerId: string) => `player:{${playerId}}:rating_history`,

  /** Real-time events (owned by the events feature). */
  events: {
    /** A player's recent events (stream; ids `<ms>-<n>` with n counting the player's events), kept for replay. */
    player: (playerId: string) => `player:{${playerId}}:events`,
    /** Open event streams of a player across replicas (sorted set connection id -> opened-at), for the per-player limit. */
    playerStreams: (playerId: string) => `player:{${playerId}}:event_streams`,
    /** The game-server stream (one for all game servers). */
    servers: () => 'events:{servers}',
    /** One-time stream ticket -> player id (string with a short TTL, redeemed with GETDEL). */
    ticket: (ticket: string) => `events:ticket:{${ticket}}`,
    /** Pub/sub channel: "<stream key> <entry id>" after each append, so every replica reads what its clients need. */
    notifyChannel: () => 'events:notify',
    /** Pub/sub channel: a connection id to close (the per-player limit evicted it, possibly on another replica). */
    closeChannel: () => 'events:close',
  },

  /** Short leases so that one replica runs a scheduled job per tick. */
  jobLease: (job: string) => `lease:{${job}}`,
};
