/**
 * Generated from libs/client/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit by hand.
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and serving HTTP */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Redis and MongoDB answer and the process is not shutting down */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a player */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in; returns an access token and a single-use refresh token */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new token pair (the old refresh token is then used up) */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log out: this access token and its refresh token stop working at once */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in player's profile, stats, rating history and recent sessions; with `?pool=` also their rating in that pool and the list of their pools */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a session (game server, or a player who is one of player_ids)
         * @description A game server's session is `waiting` with every player placed at once. A player's session (`origin: player`) only invites the other players: it is `pending_acceptance`, nobody is placed or blocked until every invitee accepts (`POST /api/v1/sessions/{id}/accept`) within SESSION_INVITE_TTL_SECONDS; a decline, the deadline or a delete cancels it. Its results change ratings only where the mode's `player_sessions_rated` allows.
         */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation to a player-created session; the last acceptance places every player
         * @description While others have not answered, the session stays `pending_acceptance`. The last acceptance claims every player (as a game-server session would) and the session becomes `waiting`. If a player became busy meanwhile the answer is 409 naming them, the acceptances are kept and the invitation stays open until its deadline: accepting again retries the placement. Accepting again after that is idempotent (200, the session).
         */
        post: operations["acceptSessionInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline an invitation: the session is cancelled for everyone and nobody is placed or counted as abandoned
         * @description Any player of a `pending_acceptance` session may decline (its creator withdraws it). Declining a cancelled session again answers the same.
         */
        post: operations["declineSessionInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A session's state, players, version and recent history (participants and game servers) */
        get: operations["getSessionState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change status and/or state; optional version for optimistic concurrency */
        put: operations["updateSession"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Close a session: frees its players and removes its hot data; an unfinished session ends as abandoned */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/parties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a party; the caller becomes its leader */
        post: operations["createParty"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/parties/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's party */
        get: operations["getMyParty"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/parties/{party_id}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join a party with its invite code */
        post: operations["joinParty"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/parties/{party_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A party (members only) */
        get: operations["getParty"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/parties/{party_id}/members/{player_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Leave the party (own id) or, as leader, remove a member; the last member leaving disbands it */
        delete: operations["removePartyMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join the matchmaking queue; a partner inside both rating windows is matched at once */
        post: operations["joinQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Leave the queue */
        delete: operations["leaveQueue"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/modes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue modes (from the modes file) with their settings and live queue sizes */
        get: operations["listQueueModes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue status: idle, queued (position, wait, window) or matched (session and opponent) */
        get: operations["getQueueStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/matches/{match_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a found match (ready-check); the last accept creates the session */
        post: operations["acceptMatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/matches/{match_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline a found match: it is cancelled, you leave the queue, the others go back with their join time */
        post: operations["declineMatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/matches/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report the result of a session: a 1v1 outcome, or placements per team
         * @description Two body forms: `{ session_id, player_id, outcome }` for a 2-player session, or `{ session_id, placements }` with one placement per team in the session's team order (1 = first, equal = draw between those teams) for any session. A game server's result applies at once. Player reports apply once one player of every team has reported the same result (a 1v1: both players); until then the result is `pending`. Conflicting reports dispute the session (409) until a game server reports the result. Idempotent: the same result again returns the same body.
         */
        post: operations["submitMatchResult"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/players/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A player's rating, stats and rating history in a pool (newest first, paginated by `before`), and the list of their pools */
        get: operations["getPlayerRating"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top players of a pool by rating (players enter with their first rated game of the pool's season) */
        get: operations["getLeaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaderboard/{player_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A player's leaderboard rank in a pool's current season (null while unranked) */
        get: operations["getPlayerRank"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pools/{pool}/seasons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close a pool's current season and start the next
         * @description Keeps the ending season's leaderboard (GET /leaderboard?pool=&season=), softly resets every rating by the pool's rule (applied when a rating is next read or rated) and starts a new season. Atomic; idempotent by `season_id`.
         */
        post: operations["closeSeason"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-time ticket to open the event stream without headers (EventSource) */
        post: operations["createEventStreamTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Real-time event stream (SSE) for a player or the game servers
         * @description Server-Sent Events (`text/event-stream`). Players get their own stream (Bearer token, or `?ticket=` from `POST /api/v1/events/ticket`); game servers (`X-Server-Key`) get the server stream. Each event has an `id`, an `event` name and JSON `data` with a `trace_id`; a `: ping` comment comes every EVENTS_HEARTBEAT_SECONDS. Reconnect with `Last-Event-ID` (or `?last_event_id=`) to receive every missed event first; an id older than the retained history yields `events_lost` (resynchronise with the REST endpoints). Player events: `queue.joined`, `queue.left`, `match.accept_required`, `match.cancelled`, `match.found`, `session.invited`, `session.updated`, `session.ended`, `rating.changed`, `party.updated`; server events: `session.created`, `session.updated`, `session.ended`. Payloads: docs/events.md.
         */
        get: operations["openEventStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CloseSeasonDto: {
            /**
             * @description Your id for this close: the same id again replays it instead of closing another season
             * @example ladder-2026-winter
             */
            season_id: string;
        };
        CreateSessionDto: {
            /**
             * @description 2 to 16 distinct, existing player ids; none may be in another unfinished session
             * @example [
             *       "665f1c2b9d3e4a0012345678",
             *       "665f1c2b9d3e4a0012345679"
             *     ]
             */
            player_ids?: string[];
            /**
             * @description Instead of player_ids: player ids per team (2 to 16 non-empty teams, 2 to 16 players in all)
             * @example [
             *       [
             *         "665f1c2b9d3e4a0012345678",
             *         "665f1c2b9d3e4a001234567a"
             *       ],
             *       [
             *         "665f1c2b9d3e4a0012345679",
             *         "665f1c2b9d3e4a001234567b"
             *       ]
             *     ]
             */
            teams?: string[][];
            /**
             * @default ranked_1v1
             * @example ranked_1v1
             */
            mode?: string;
            /**
             * @description Game-defined JSON object, at most 16 KiB serialized (413 above)
             * @example {
             *       "map": "dust",
             *       "round": 0
             *     }
             */
            state?: {
                [key: string]: unknown;
            };
        };
        DeletedSessionDto: {
            /** @example 6660a1b2c3d4e5f601234567 */
            session_id: string;
            /**
             * @description Final status: abandoned if it had not finished, cancelled if it was still waiting for acceptances
             * @example abandoned
             * @enum {string}
             */
            status: "pending_acceptance" | "waiting" | "active" | "completed" | "abandoned" | "disputed" | "cancelled";
        };
        DependencyCheckDto: {
            /**
             * @example up
             * @enum {string}
             */
            status: "up" | "down";
            /**
             * @description Round-trip time of the probe in milliseconds (when up)
             * @example 0.42
             */
            latency_ms?: number;
            /**
             * @description Why the dependency is down (when down)
             * @example connection reconnecting
             */
            error?: string;
        };
        /** @description The one shape of every error answer (4xx and 5xx). */
        ErrorResponse: {
            /**
             * @description The HTTP status, repeated
             * @example 404
             */
            statusCode: number;
            /**
             * @description The HTTP reason phrase
             * @example Not Found
             */
            error: string;
            /**
             * @description What went wrong, for a human; never internals
             * @example Player 665f1c2b9d3e4a0012345678 not found
             */
            message: string;
            /**
             * @description The request id, also in the X-Request-ID header and on every log line of the request
             * @example 4bf92f3577b34da6a3ce929d0e0e4736
             */
            trace_id: string | null;
        };
        JoinPartyDto: {
            /**
             * @description The invite code the leader shares (from the party view)
             * @example 9f86d081884c7d65
             */
            invite_code: string;
        };
        JoinQueueDto: {
            /**
             * @description Queue mode; one of the modes the service is configured with (QUEUE_MODES)
             * @default ranked_1v1
             * @example ranked_1v1
             */
            mode?: string;
        };
        JoinQueueResponseDto: {
            /**
             * @description `matched` when a partner was found at once (the session is created; see session_id and opponent)
             * @example queued
             * @enum {string}
             */
            status: "queued" | "matched";
            /** @example ranked_1v1 */
            mode: string;
            /**
             * @description 1-based position by join time; null when matched
             * @example 3
             */
            position: number | null;
            /**
             * @description Players waiting in this mode
             * @example 12
             */
            queue_size: number;
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            joined_at: string;
            /**
             * @description Estimated seconds until a match (see docs/matchmaking.md); 0 when matched
             * @example 8
             */
            estimated_wait_seconds: number;
            /**
             * @description The match session (matched only)
             * @example null
             */
            session_id: string | null;
            /**
             * @description The matched opponent (matched only)
             * @example null
             */
            opponent: components["schemas"]["OpponentDto"] | null;
            /**
             * @description Matched only: the other players of the player's team ([] in 1v1)
             * @example []
             */
            teammates: components["schemas"]["OpponentDto"][] | null;
            /**
             * @description Matched only: the players of every other team
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "username": "iron_falcon",
             *         "rating": 1234
             *       }
             *     ]
             */
            opponents: components["schemas"]["OpponentDto"][] | null;
            /**
             * @description The party whose ticket this is (queued with a party)
             * @example null
             */
            party_id: string | null;
        };
        LeaderboardEntryDto: {
            /**
             * @description Rating pool
             * @example glicko
             */
            pool: string;
            /**
             * @example glicko2
             * @enum {string}
             */
            system: "elo" | "glicko2" | "openskill";
            /**
             * @description Displayed integer rating (OpenSkill: round(1000 + 40 × (μ − 3σ)) with the shipped scale)
             * @example 1612
             */
            rating: number;
            /**
             * @description Glicko-2 rating deviation as of now; null for other systems
             * @example 87.4
             */
            rd: number | null;
            /**
             * @description Glicko-2 volatility; null for other systems
             * @example 0.0599
             */
            volatility: number | null;
            /**
             * @description OpenSkill μ; null for other systems
             * @example null
             */
            mu: number | null;
            /**
             * @description OpenSkill σ; null for other systems
             * @example null
             */
            sigma: number | null;
            /**
             * @description Equal ratings share a rank (1, 2, 2, 4)
             * @example 1
             */
            rank: number;
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /** @example nova_striker */
            username: string;
        };
        LivenessDto: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok";
        };
        LoginDto: {
            /**
             * @description Case-insensitive
             * @example nova_striker
             */
            username: string;
            /**
             * Format: password
             * @example correct-horse-battery
             */
            password: string;
        };
        MatchOutcomeResultDto: {
            /**
             * @description A 2-player session
             * @example 665f1c2b9d3e4a0012345699
             */
            session_id: string;
            /**
             * @description The player whose result `outcome` is; one of the session's two players
             * @example 665f1c2b9d3e4a0012345678
             */
            player_id: string;
            /**
             * @description player_id's result against the opponent: 1 win, 0.5 draw, 0 loss
             * @example 1
             * @enum {number}
             */
            outcome: 0 | 0.5 | 1;
        };
        MatchPlacementsResultDto: {
            /**
             * @description The session the result is for
             * @example 665f1c2b9d3e4a0012345699
             */
            session_id: string;
            /**
             * @description One placement per team in the session's team order (the session's `teams`): 1 = first; equal placements are a draw between those teams. Each from 1 to the number of teams.
             * @example [
             *       2,
             *       1
             *     ]
             */
            placements: number[];
        };
        MatchRatingChangeDto: {
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /**
             * @description The player's team: index into the session's `teams` (and the reported placements)
             * @example 0
             */
            team: number;
            /** @example 1200 */
            old_rating: number;
            /** @example 1216 */
            new_rating: number;
            /** @example 16 */
            change: number;
        };
        MatchResultResponseDto: {
            /** @example 665f1c2b9d3e4a0012345699 */
            session_id: string;
            /**
             * @description `pending` until a player of every team has confirmed a player-reported result
             * @example applied
             * @enum {string}
             */
            status: "applied" | "pending";
            /**
             * @description false: the session was created by one of its players and its mode's `player_sessions_rated` is off, so the result is recorded (and completes the session) but changes no rating; `changes` is then always empty
             * @example true
             */
            rated: boolean;
            /**
             * @description Every player's change once applied, team by team in the session's team order; empty while pending
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345678",
             *         "team": 0,
             *         "old_rating": 1200,
             *         "new_rating": 1216,
             *         "change": 16
             *       },
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "team": 1,
             *         "old_rating": 1200,
             *         "new_rating": 1184,
             *         "change": -16
             *       }
             *     ]
             */
            changes: components["schemas"]["MatchRatingChangeDto"][];
        };
        NotReadyDto: {
            /**
             * @example not_ready
             * @enum {string}
             */
            status: "not_ready";
            /**
             * @description The checks that are down
             * @example [
             *       "redis"
             *     ]
             */
            failing: string[];
            /**
             * @example {
             *       "redis": {
             *         "status": "down",
             *         "error": "connection reconnecting"
             *       },
             *       "mongodb": {
             *         "status": "up",
             *         "latency_ms": 0.91
             *       }
             *     }
             */
            checks: components["schemas"]["ReadinessChecksDto"];
        };
        OpponentDto: {
            /** @example 665f1c2b9d3e4a0012345679 */
            player_id: string;
            /** @example iron_falcon */
            username: string;
            /**
             * @description Rating when the match was made
             * @example 1234
             */
            rating: number;
        };
        PartyDto: {
            /** @example party_4f1c2b9d3e4a00123456 */
            party_id: string;
            /** @example 665f1c2b9d3e4a0012345678 */
            leader_id: string;
            /** @description Longest-standing member first */
            members: components["schemas"]["PartyMemberDto"][];
            /**
             * @description Share it with friends so they can join
             * @example 9f86d081884c7d65
             */
            invite_code: string;
            /**
             * @description Most members a party may have (the largest team size of the modes)
             * @example 5
             */
            max_size: number;
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            created_at: string;
        };
        PartyMemberDto: {
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /** @example nova_striker */
            username: string;
            /**
             * @description Current rating
             * @example 1240
             */
            rating: number;
        };
        PendingMatchDto: {
            /**
             * @description Answer with POST /api/v1/matches/{match_id}/accept or /decline
             * @example a3f9c2d1e0b4k
             */
            match_id: string;
            /**
             * Format: date-time
             * @description Unanswered by then, the match is cancelled
             * @example 2026-11-23T20:00:20.000Z
             */
            deadline: string;
            /**
             * @description This player has accepted already
             * @example false
             */
            accepted: boolean;
        };
        PlayerRankDto: {
            /**
             * @description Rating pool
             * @example glicko
             */
            pool: string;
            /**
             * @example glicko2
             * @enum {string}
             */
            system: "elo" | "glicko2" | "openskill";
            /**
             * @description Displayed integer rating (OpenSkill: round(1000 + 40 × (μ − 3σ)) with the shipped scale)
             * @example 1612
             */
            rating: number;
            /**
             * @description Glicko-2 rating deviation as of now; null for other systems
             * @example 87.4
             */
            rd: number | null;
            /**
             * @description Glicko-2 volatility; null for other systems
             * @example 0.0599
             */
            volatility: number | null;
            /**
             * @description OpenSkill μ; null for other systems
             * @example null
             */
            mu: number | null;
            /**
             * @description OpenSkill σ; null for other systems
             * @example null
             */
            sigma: number | null;
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /**
             * @description Null while the player has no rated game (in the current season)
             * @example 42
             */
            rank: number | null;
        };
        PlayerRatingDto: {
            /**
             * @description Rating pool
             * @example glicko
             */
            pool: string;
            /**
             * @example glicko2
             * @enum {string}
             */
            system: "elo" | "glicko2" | "openskill";
            /**
             * @description Displayed integer rating (OpenSkill: round(1000 + 40 × (μ − 3σ)) with the shipped scale)
             * @example 1612
             */
            rating: number;
            /**
             * @description Glicko-2 rating deviation as of now; null for other systems
             * @example 87.4
             */
            rd: number | null;
            /**
             * @description Glicko-2 volatility; null for other systems
             * @example 0.0599
             */
            volatility: number | null;
            /**
             * @description OpenSkill μ; null for other systems
             * @example null
             */
            mu: number | null;
            /**
             * @description OpenSkill σ; null for other systems
             * @example null
             */
            sigma: number | null;
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /**
             * @description Games played in the pool, all seasons
             * @example 1
             */
            games_played: number;
            /**
             * @description wins / games played (0..1, four decimals); 0 before the first game
             * @example 1
             */
            win_rate: number;
            /**
             * @description Newest first
             * @example [
             *       {
             *         "timestamp": "2026-11-23T20:00:00.000Z",
             *         "rating": 1612,
             *         "change": 112,
             *         "session_id": "665f1c2b9d3e4a0012345699",
             *         "opponent_id": "665f1c2b9d3e4a0012345679",
             *         "outcome": 1
             *       }
             *     ]
             */
            history: components["schemas"]["RatingHistoryEntryDto"][];
            /**
             * @description Every pool the player has a rating in; `default` always, first
             * @example [
             *       {
             *         "pool": "default",
             *         "system": "elo",
             *         "rating": 1216,
             *         "games_played": 3
             *       },
             *       {
             *         "pool": "glicko",
             *         "system": "glicko2",
             *         "rating": 1612,
             *         "games_played": 1
             *       }
             *     ]
             */
            pools: components["schemas"]["PoolSummaryDto"][];
        };
        PoolSummaryDto: {
            /** @example default */
            pool: string;
            /**
             * @example elo
             * @enum {string}
             */
            system: "elo" | "glicko2" | "openskill";
            /**
             * @description Displayed integer rating as of now
             * @example 1216
             */
            rating: number;
            /**
             * @description Games played in the pool, all seasons
             * @example 1
             */
            games_played: number;
        };
        ProfileDto: {
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /** @example nova_striker */
            username: string;
            /**
             * Format: date-time
             * @example 2026-11-23T19:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @description Null until the first login
             * @example 2026-11-23T19:55:00.000Z
             */
            last_login: string | null;
            stats: components["schemas"]["ProfileStatsDto"];
            /** @description Newest first, at most 20 */
            rating_history: components["schemas"]["ProfileRatingChangeDto"][];
            /** @description Newest first, at most 10 */
            recent_sessions: components["schemas"]["RecentSessionDto"][];
            /** @description Only with `?pool=`: the rating in that pool as of now, with its system and uncertainty (`stats` and `rating_history` are always the `default` pool) */
            pool_rating?: components["schemas"]["ProfilePoolRatingDto"];
            /**
             * @description Only with `?pool=`: every pool the player has a rating in; `default` always, first
             * @example [
             *       {
             *         "pool": "default",
             *         "system": "elo",
             *         "rating": 1216,
             *         "games_played": 3
             *       },
             *       {
             *         "pool": "glicko",
             *         "system": "glicko2",
             *         "rating": 1612,
             *         "games_played": 1
             *       }
             *     ]
             */
            pools?: components["schemas"]["PoolSummaryDto"][];
            /** @description Sessions other players invited this player to that are still waiting for acceptances (accepted or not yet), soonest deadline first, at most 20 */
            invitations: components["schemas"]["ProfileInvitationDto"][];
        };
        ProfileInvitationDto: {
            /** @example 665f1c2b9d3e4a0012345699 */
            session_id: string;
            /** @example casual_1v1 */
            mode: string;
            /**
             * @description The player who created the session
             * @example 665f1c2b9d3e4a0012345677
             */
            inviter_id: string;
            /**
             * Format: date-time
             * @description Accept before this (POST /api/v1/sessions/{id}/accept)
             * @example 2026-11-23T20:02:00.000Z
             */
            expires_at: string;
        };
        ProfileMatePlayerDto: {
            /** @example 665f1c2b9d3e4a0012345679 */
            player_id: string;
            /**
             * @description Empty when the player's account no longer exists
             * @example iron_falcon
             */
            username: string;
        };
        ProfilePoolRatingDto: {
            /**
             * @description Rating pool
             * @example glicko
             */
            pool: string;
            /**
             * @example glicko2
             * @enum {string}
             */
            system: "elo" | "glicko2" | "openskill";
            /**
             * @description Displayed integer rating (OpenSkill: round(1000 + 40 × (μ − 3σ)) with the shipped scale)
             * @example 1612
             */
            rating: number;
            /**
             * @description Glicko-2 rating deviation as of now; null for other systems
             * @example 87.4
             */
            rd: number | null;
            /**
             * @description Glicko-2 volatility; null for other systems
             * @example 0.0599
             */
            volatility: number | null;
            /**
             * @description OpenSkill μ; null for other systems
             * @example null
             */
            mu: number | null;
            /**
             * @description OpenSkill σ; null for other systems
             * @example null
             */
            sigma: number | null;
            /**
             * @description Games played in the pool, all seasons
             * @example 1
             */
            games_played: number;
            /**
             * @description wins / games played (0..1, four decimals); 0 before the first game
             * @example 1
             */
            win_rate: number;
        };
        ProfileRatingChangeDto: {
            /**
             * Format: date-time
             * @example 2026-11-23T20:15:00.000Z
             */
            timestamp: string;
            /**
             * @description Rating after this change
             * @example 1216
             */
            rating: number;
            /** @example 16 */
            change: number;
            /** @example 665f1c2b9d3e4a0012345699 */
            session_id: string;
            /**
             * @description The player's teammates in that session (empty in 1v1 and free-for-all)
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a001234567a",
             *         "username": "quiet_otter"
             *       }
             *     ]
             */
            teammates: components["schemas"]["ProfileMatePlayerDto"][];
            /**
             * @description Every player of the other teams, team by team in the session's team order
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "username": "iron_falcon"
             *       }
             *     ]
             */
            opponents: components["schemas"]["ProfileMatePlayerDto"][];
        };
        ProfileStatsDto: {
            /** @example 1216 */
            current_rating: number;
            /** @example 3 */
            games_played: number;
            /** @example 2 */
            wins: number;
            /** @example 1 */
            losses: number;
            /** @example 0 */
            draws: number;
            /**
             * @description wins / games_played, 0 before the first game
             * @example 0.6667
             */
            win_rate: number;
        };
        QueueModeDto: {
            /** @example ranked_2v2 */
            name: string;
            /**
             * @description Teams per match
             * @example 2
             */
            teams: number;
            /**
             * @description Players per team
             * @example 2
             */
            team_size: number;
            /**
             * @description Rating window (± points) at join
             * @example 100
             */
            base_window: number;
            /**
             * @description Window growth per second waited
             * @example 20
             */
            window_growth: number;
            /**
             * @description Largest window
             * @example 400
             */
            max_window: number;
            /**
             * @description Seconds before an open ticket expires
             * @example 600
             */
            ticket_ttl_seconds: number;
            /**
             * @description How a party's ticket is rated from its members' ratings
             * @example max
             * @enum {string}
             */
            party_rating: "mean" | "max";
            /**
             * @description Quality policy: seconds a ticket is held for a closer partner (a pair needs one ticket past this, or an instant gap)
             * @example 0
             */
            min_wait_seconds: number;
            /**
             * @description Quality policy: a partner this close (rating points) is taken at once, held or not
             * @example 0
             */
            instant_gap: number;
            /**
             * @description Ready-check: seconds every player has to accept a found match before its session is created (0: off)
             * @example 0
             */
            accept_timeout_seconds: number;
            /**
             * @description The rating pool its sessions rate in and its matchmaking reads
             * @example default
             */
            pool: string;
            /**
             * @description Whether results of sessions players created themselves (origin `player`) change ratings; false: recorded unrated
             * @example false
             */
            player_sessions_rated: boolean;
            /**
             * @description The mode a join without `mode` uses
             * @example false
             */
            default: boolean;
            /**
             * @description Open tickets waiting in this mode now (a party counts once)
             * @example 7
             */
            queue_size: number;
        };
        QueueModesDto: {
            /**
             * @example [
             *       {
             *         "name": "ranked_1v1",
             *         "teams": 2,
             *         "team_size": 1,
             *         "base_window": 100,
             *         "window_growth": 20,
             *         "max_window": 400,
             *         "ticket_ttl_seconds": 600,
             *         "party_rating": "mean",
             *         "min_wait_seconds": 0,
             *         "instant_gap": 0,
             *         "accept_timeout_seconds": 0,
             *         "pool": "default",
             *         "player_sessions_rated": false,
             *         "default": true,
             *         "queue_size": 12
             *       },
             *       {
             *         "name": "ranked_2v2",
             *         "teams": 2,
             *         "team_size": 2,
             *         "base_window": 100,
             *         "window_growth": 20,
             *         "max_window": 400,
             *         "ticket_ttl_seconds": 600,
             *         "party_rating": "max",
             *         "min_wait_seconds": 0,
             *         "instant_gap": 0,
             *         "accept_timeout_seconds": 0,
             *         "pool": "default",
             *         "player_sessions_rated": false,
             *         "default": false,
             *         "queue_size": 7
             *       }
             *     ]
             */
            modes: components["schemas"]["QueueModeDto"][];
        };
        QueueStatusDto: {
            /**
             * @example matched
             * @enum {string}
             */
            status: "idle" | "queued" | "matched";
            /** @example ranked_1v1 */
            mode: string | null;
            /**
             * @description 1-based position by join time (queued only)
             * @example null
             */
            position: number | null;
            /**
             * @description Players waiting in this mode (queued only)
             * @example null
             */
            queue_size: number | null;
            /**
             * @description Whole seconds waited so far (queued only)
             * @example null
             */
            waited_seconds: number | null;
            /**
             * @description Estimated seconds still to wait (queued only)
             * @example null
             */
            estimated_wait_seconds: number | null;
            /**
             * @description The ticket's current rating window: base + its uncertainty bonus (pools with uncertainty) + growth × seconds waited, capped (queued only)
             * @example null
             */
            rating_window: number | null;
            /**
             * @description True while the ticket is inside its mode's hold (`min_wait_seconds`): until then it is matched only with a partner within `instant_gap` or one past its own hold; the estimate counts the hold (queued only)
             * @example null
             */
            held: boolean | null;
            /**
             * @description A found match waiting for every player to accept (ready-check modes, queued only)
             * @example null
             */
            pending_match: components["schemas"]["PendingMatchDto"] | null;
            /**
             * @description The match session (matched only)
             * @example 6660a1b2c3d4e5f601234567
             */
            session_id: string | null;
            /**
             * @description The matched opponent (matched only)
             * @example {
             *       "player_id": "665f1c2b9d3e4a0012345679",
             *       "username": "iron_falcon",
             *       "rating": 1234
             *     }
             */
            opponent: components["schemas"]["OpponentDto"] | null;
            /**
             * @description Matched only: the other players of the player's team ([] in 1v1)
             * @example []
             */
            teammates: components["schemas"]["OpponentDto"][] | null;
            /**
             * @description Matched only: the players of every other team
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "username": "iron_falcon",
             *         "rating": 1234
             *       }
             *     ]
             */
            opponents: components["schemas"]["OpponentDto"][] | null;
            /**
             * @description The party whose ticket this is (queued with a party)
             * @example null
             */
            party_id: string | null;
        };
        RatingHistoryEntryDto: {
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            timestamp: string;
            /**
             * @description Rating after this game
             * @example 1216
             */
            rating: number;
            /** @example 16 */
            change: number;
            /** @example 665f1c2b9d3e4a0012345699 */
            session_id: string;
            /** @example 665f1c2b9d3e4a0012345679 */
            opponent_id: string;
            /**
             * @description 1 win, 0.5 draw, 0 loss
             * @example 1
             * @enum {number}
             */
            outcome: 1 | 0.5 | 0;
        };
        ReadinessChecksDto: {
            /**
             * @example {
             *       "status": "up",
             *       "latency_ms": 0.42
             *     }
             */
            redis: components["schemas"]["DependencyCheckDto"];
            /**
             * @example {
             *       "status": "up",
             *       "latency_ms": 0.91
             *     }
             */
            mongodb: components["schemas"]["DependencyCheckDto"];
            /**
             * @description Present (down) while the process shuts down
             * @example {
             *       "status": "down",
             *       "error": "shutting down"
             *     }
             */
            app?: components["schemas"]["DependencyCheckDto"];
        };
        ReadyCheckResultDto: {
            /** @example a3f9c2d1e0b4k */
            match_id: string;
            /**
             * @description pending: others have not answered yet; confirmed: everyone accepted, the session exists; cancelled: this decline cancelled it
             * @example pending
             * @enum {string}
             */
            status: "pending" | "confirmed" | "cancelled";
            /**
             * @description The session once confirmed
             * @example null
             */
            session_id: string | null;
        };
        ReadyDto: {
            /**
             * @example ready
             * @enum {string}
             */
            status: "ready";
            /**
             * @example {
             *       "redis": {
             *         "status": "up",
             *         "latency_ms": 0.42
             *       },
             *       "mongodb": {
             *         "status": "up",
             *         "latency_ms": 0.91
             *       }
             *     }
             */
            checks: components["schemas"]["ReadinessChecksDto"];
        };
        RecentSessionDto: {
            /** @example 665f1c2b9d3e4a0012345699 */
            session_id: string;
            /** @example ranked_2v2 */
            mode: string;
            /**
             * @example completed
             * @enum {string}
             */
            status: "pending_acceptance" | "waiting" | "active" | "completed" | "abandoned" | "disputed" | "cancelled";
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T20:15:00.000Z
             */
            updated_at: string;
            /**
             * @description The player's teammates in that session (empty in 1v1 and free-for-all)
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a001234567a",
             *         "username": "quiet_otter"
             *       }
             *     ]
             */
            teammates: components["schemas"]["ProfileMatePlayerDto"][];
            /**
             * @description Every player of the other teams, team by team in the session's team order
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "username": "iron_falcon"
             *       }
             *     ]
             */
            opponents: components["schemas"]["ProfileMatePlayerDto"][];
        };
        RefreshDto: {
            /**
             * @description The refresh_token from login or the last refresh
             * @example q3Zc0JvXoTQy2M8rH1kK9w.7yqP0c5e4Xb3lYtN1s2vW6aZr8uMfJdKgHhQeLiOpRk
             */
            refresh_token: string;
        };
        RegisterDto: {
            /**
             * @description Unique, case-insensitively
             * @example nova_striker
             */
            username: string;
            /**
             * Format: password
             * @example correct-horse-battery
             */
            password: string;
        };
        RegisteredPlayerDto: {
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /** @example nova_striker */
            username: string;
            /**
             * @description The starting rating (INITIAL_RATING)
             * @example 1200
             */
            rating: number;
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            created_at: string;
        };
        SeasonCloseDto: {
            /** @example glicko */
            pool: string;
            /** @example ladder-2026-winter */
            season_id: string;
            /**
             * @description The season that ended (its standings: GET /leaderboard?pool=&season=)
             * @example 1
             */
            closed_season: number;
            /**
             * @description The season now running
             * @example 2
             */
            current_season: number;
            /**
             * @description Players in the closed season's final standings
             * @example 42
             */
            players: number;
            /**
             * Format: date-time
             * @example 2026-11-30T18:00:00.000Z
             */
            closed_at: string;
        };
        SessionDto: {
            /** @example 6660a1b2c3d4e5f601234567 */
            session_id: string;
            /** @example ranked_1v1 */
            mode: string;
            /**
             * @description `pending_acceptance`: a player created it and not every invited player accepted yet (nobody is placed); `cancelled`: such an invitation was declined, expired or deleted
             * @example active
             * @enum {string}
             */
            status: "pending_acceptance" | "waiting" | "active" | "completed" | "abandoned" | "disputed" | "cancelled";
            /**
             * @description Who created it: `matchmaker` (from the queue), `server` (a game server), `player` (one of its players; its results change ratings only where the mode's `player_sessions_rated` allows). Sessions from before origins were recorded read as `server`
             * @example server
             * @enum {string}
             */
            origin: "matchmaker" | "server" | "player";
            /**
             * @example [
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345678",
             *         "username": "nova_striker",
             *         "rating": 1200,
             *         "team": 0
             *       },
             *       {
             *         "player_id": "665f1c2b9d3e4a0012345679",
             *         "username": "iron_falcon",
             *         "rating": 1234,
             *         "team": 1
             *       }
             *     ]
             */
            players: components["schemas"]["SessionPlayerDto"][];
            /**
             * @description Player ids per team, in team order (result placements follow this order); one player per team unless created with teams
             * @example [
             *       [
             *         "665f1c2b9d3e4a0012345678"
             *       ],
             *       [
             *         "665f1c2b9d3e4a0012345679"
             *       ]
             *     ]
             */
            teams: string[][];
            /**
             * @example {
             *       "map": "dust",
             *       "round": 1
             *     }
             */
            state: {
                [key: string]: unknown;
            };
            /**
             * @description Bumped by every change
             * @example 2
             */
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-23T20:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-23T20:05:00.000Z
             */
            updated_at: string;
            /**
             * @description Oldest first; the newest 50 entries
             * @example [
             *       {
             *         "timestamp": "2026-11-23T20:00:00.000Z",
             *         "event": "session_created",
             *         "details": {
             *           "mode": "ranked_1v1",
             *           "player_ids": [
             *             "665f1c2b9d3e4a0012345678",
             *             "665f1c2b9d3e4a0012345679"
             *           ]
             *         }
             *       },
             *       {
             *         "timestamp": "2026-11-23T20:05:00.000Z",
             *         "event": "session_state_changed",
             *         "details": {
             *           "from": "waiting",
             *           "to": "active"
             *         }
             *       }
             *     ]
             */
            history: components["schemas"]["SessionHistoryEntryDto"][];
        };
        SessionHistoryEntryDto: {
            /**
             * Format: date-time
             * @example 2026-11-23T20:05:00.000Z
             */
            timestamp: string;
            /** @example session_state_changed */
            event: string;
            /**
             * @example {
             *       "from": "waiting",
             *       "to": "active"
             *     }
             */
            details: {
                [key: string]: unknown;
            };
        };
        SessionPlayerDto: {
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
            /** @example nova_striker */
            username: string;
            /**
             * @description Rating when the session was created
             * @example 1200
             */
            rating: number;
            /**
             * @description Index of the player's team in `teams`
             * @example 0
             */
            team: number;
        };
        StreamTicketDto: {
            /**
             * @description Pass as `GET /api/v1/events?ticket=...`; single use
             * @example Zr3n0bQ2m8Jb3f1oWc9V2gq4T1s0k7yXh5uLdEaPz6M
             */
            ticket: string;
            /**
             * @description Seconds until the ticket expires (at most 60)
             * @example 30
             */
            expires_in: number;
        };
        TokenPairDto: {
            /**
             * @description JWT access token (HS256)
             * @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoicGxheWVyIn0.c2lnbmF0dXJl
             */
            access_token: string;
            /**
             * @example Bearer
             * @enum {string}
             */
            token_type: "Bearer";
            /**
             * @description Access-token lifetime in seconds
             * @example 900
             */
            expires_in: number;
            /**
             * @description Opaque, single-use refresh token; each refresh returns a new one
             * @example q3Zc0JvXoTQy2M8rH1kK9w.7yqP0c5e4Xb3lYtN1s2vW6aZr8uMfJdKgHhQeLiOpRk
             */
            refresh_token: string;
            /** @example 665f1c2b9d3e4a0012345678 */
            player_id: string;
        };
        UpdateSessionDto: {
            /**
             * @description waiting → active → completed, waiting|active → abandoned; anything else is 409
             * @example active
             * @enum {string}
             */
            status?: "pending_acceptance" | "waiting" | "active" | "completed" | "abandoned" | "disputed" | "cancelled";
            /**
             * @description Replaces the game-defined state; a JSON object of at most 16 KiB serialized (413 above)
             * @example {
             *       "round": 3,
             *       "score": {
             *         "red": 2,
             *         "blue": 1
             *       }
             *     }
             */
            state?: {
                [key: string]: unknown;
            };
            /**
             * @description Optimistic concurrency: 409 unless this is the current version
             * @example 2
             */
            version?: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LivenessDto"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve traffic */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyDto"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A dependency is down or the process is shutting down; `failing` names which */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotReadyDto"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            /** @description The new player, with the starting rating */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredPlayerDto"];
                };
            };
            /** @description Invalid username or password, or unknown fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "password must be longer than or equal to 8 characters",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Username already taken (case-insensitively) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Username \"nova_striker\" is already taken",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many registrations from this client address; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds until the registration window ends */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "message": "Too many registrations from this client; try again later",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            /** @description Logged in: paste `access_token` into Authorize → bearer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            /** @description Malformed body or unknown fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "username must be longer than or equal to 3 characters",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Invalid username or password (one message for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Invalid username or password",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many failed attempts for this username or from this client; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds until the failure window ends */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "error": "Too Many Requests",
                     *       "message": "Too many failed login attempts; try again later",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            /** @description A new access token and a new single-use refresh token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPairDto"];
                };
            };
            /** @description Malformed body or unknown fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "refresh_token must be a string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown, expired or revoked refresh token; a reused one also revokes its whole login */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Invalid or expired refresh token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token (e.g. a game-server key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getProfile: {
        parameters: {
            query?: {
                /** @description A rating pool (`default` included) whose rating (`pool_rating`) and the list of the player's pools (`pools`) the profile adds (e.g. `glicko`) */
                pool?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile of the player the access token belongs to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            /** @description Malformed pool name, or unknown query parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "pool must be 1 to 32 characters of a-z, 0-9 and _",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid, expired or revoked access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token (e.g. a game-server key) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The account behind the token no longer exists, or unknown pool */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player 665f1c2b9d3e4a0012345678 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionDto"];
            };
        };
        responses: {
            /** @description The new session, version 1: `waiting` (game server) or `pending_acceptance` (player) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Not 2..16 players, malformed or duplicate ids, bad mode or state */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "player_ids must hold 2 to 16 players (got 1)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A player creating a session they are not part of */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "Only the session's players or a game server may do this",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown player id(s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Unknown player: 665f1c2b9d3e4a0012345679",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A player is already in an unfinished session (or queued); the message names the player */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Player 665f1c2b9d3e4a0012345678 is already in unfinished session 6660a1b2c3d4e5f601234567",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description state is over 16 KiB serialized, or the body over HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "state is 17001 bytes serialized; the limit is 16384",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    acceptSessionInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session: `pending_acceptance` until every invitee accepted, then `waiting` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Malformed session id; or a body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "id must be a 24-character hexadecimal string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player (game servers do not accept invitations) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown or deleted session, or one the caller is not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The caller has no invitation in it (`NOT_INVITED`: its creator, or a session a game server created), the invitation was declined, expired or deleted (`INVITATION_CANCELLED`), a player is busy in another session or queued (`PLAYER_BUSY`), or it is being placed right now (`SESSION_CONTENDED`, retry) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "The invitation to session 6660a1b2c3d4e5f601234567 was cancelled (expired)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    declineSessionInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled: `status` is `cancelled` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "session_id": "6660a1b2c3d4e5f601234567",
                     *       "status": "cancelled"
                     *     }
                     */
                    "application/json": components["schemas"]["DeletedSessionDto"];
                };
            };
            /** @description Malformed session id; or a body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "id must be a 24-character hexadecimal string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player (game servers do not answer invitations) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown or deleted session, or one the caller is not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Everyone accepted already (`INVITATION_ACCEPTED`: leave with DELETE), the session has no invitation (`NOT_INVITED`), or it is being placed right now (`SESSION_CONTENDED`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Every invitation to session 6660a1b2c3d4e5f601234567 was accepted; delete the session to leave it",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSessionState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Malformed session id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "id must be a 24-character hexadecimal string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown or deleted session, or one the caller is not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSessionDto"];
            };
        };
        responses: {
            /** @description The session after the change (version bumped) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Malformed id or body, or nothing to update */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Give status and/or state to update",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown or deleted session, or one the caller is not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Invalid status transition (names both statuses), stale version, session finished, or invitations still pending */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Cannot change session status from completed to active",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description state is over 16 KiB serialized, or the body over HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "state is 17001 bytes serialized; the limit is 16384",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Closed; `status` is the final status (`cancelled` for a session still waiting for acceptances) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedSessionDto"];
                };
            };
            /** @description Malformed session id; or a body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "id must be a 24-character hexadecimal string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown or already deleted session, or one the caller is not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session kept changing concurrently for too long, or its invitation is being placed right now (`SESSION_CONTENDED`); retry */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Session 6660a1b2c3d4e5f601234567 is being changed concurrently; retry",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createParty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new party with its invite code */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartyDto"];
                };
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Already in a party (ALREADY_IN_PARTY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Player is already in a party (party_4f1c2b9d3e4a00123456); leave it first",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getMyParty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's party */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartyDto"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not in a party (NOT_IN_PARTY) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player is not in a party",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    joinParty: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The party id (from the party view) */
                party_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinPartyDto"];
            };
        };
        responses: {
            /** @description The party, the caller now a member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "party_id": "party_4f1c2b9d3e4a00123456",
                     *       "leader_id": "665f1c2b9d3e4a0012345678",
                     *       "members": [
                     *         {
                     *           "player_id": "665f1c2b9d3e4a0012345678",
                     *           "username": "nova_striker",
                     *           "rating": 1240
                     *         },
                     *         {
                     *           "player_id": "665f1c2b9d3e4a0012345679",
                     *           "username": "iron_falcon",
                     *           "rating": 1225
                     *         }
                     *       ],
                     *       "invite_code": "9f86d081884c7d65",
                     *       "max_size": 5,
                     *       "created_at": "2026-11-23T20:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["PartyDto"];
                };
            };
            /** @description Malformed party id or invite code, or unknown fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "invite_code must be 16 hexadecimal characters",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Wrong invite code (INVALID_INVITE_CODE), or not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "Wrong invite code",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such party (PARTY_NOT_FOUND): never created, disbanded or expired */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Party party_4f1c2b9d3e4a00123456 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Party full (PARTY_FULL) or already in another party (ALREADY_IN_PARTY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Party is full (5 members)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getParty: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The party id (from the party view) */
                party_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The party */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartyDto"];
                };
            };
            /** @description Malformed party id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "party_id is malformed",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a member (NOT_PARTY_MEMBER), or not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "Only members of the party may see it",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such party (PARTY_NOT_FOUND): never created, disbanded or expired */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Party party_4f1c2b9d3e4a00123456 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    removePartyMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The party id (from the party view) */
                party_id: string;
                /** @description The member who leaves or is removed */
                player_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed party id; or a body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "party_id is malformed",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a member, or not the leader removing someone else (NOT_PARTY_MEMBER), or not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "Only the leader may remove another member",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such party (PARTY_NOT_FOUND), or the player is not a member (PARTY_MEMBER_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player 665f1c2b9d3e4a0012345679 is not a member of this party",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    joinQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinQueueDto"];
            };
        };
        responses: {
            /** @description Queued (position and estimate), or matched at once (session and opponent) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinQueueResponseDto"];
                };
            };
            /** @description Unknown mode (UNKNOWN_QUEUE_MODE), unknown fields, or a party larger than the mode's team size (PARTY_TOO_LARGE) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Unknown queue mode \"ranked_5v5\"; available: ranked_1v1, casual_1v1",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token (the queue is for players) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The account behind the token no longer exists */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player 665f1c2b9d3e4a0012345678 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Already queued (ALREADY_QUEUED), in an unfinished session (ALREADY_IN_SESSION), a match is being set up (MATCH_IN_PROGRESS), a party member who is not its leader (PARTY_MEMBER_CANNOT_QUEUE), or a leader whose members are busy (PARTY_MEMBERS_BUSY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Player is already queued for ranked_1v1",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    leaveQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Left the queue */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token (the queue is for players) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not queued */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player is not in a queue",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too late: a match is being set up (check the status) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "A match for this player is being set up; check the queue status",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listQueueModes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every mode players may join, the default first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueModesDto"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getQueueStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's matchmaking status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatusDto"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token (the queue is for players) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    acceptMatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description From match.accept_required or the queue status */
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: still pending, or confirmed with the session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyCheckResultDto"];
                };
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player of this match (NOT_IN_MATCH), or not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "You are not a player of this match",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown match, or its ready-check is long over (MATCH_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Match a3f9c2d1e0b4k not found (or its ready-check is long over)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Already answered (ALREADY_ANSWERED), or the match is no longer waiting: confirmed, cancelled, past its deadline (MATCH_NOT_PENDING) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "This match is no longer waiting for answers (cancelled)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    declineMatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description From match.accept_required or the queue status */
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Declined: the match is cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "match_id": "a3f9c2d1e0b4k",
                     *       "status": "cancelled",
                     *       "session_id": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReadyCheckResultDto"];
                };
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player of this match (NOT_IN_MATCH), or not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "You are not a player of this match",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown match, or its ready-check is long over (MATCH_NOT_FOUND) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Match a3f9c2d1e0b4k not found (or its ready-check is long over)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Already answered (ALREADY_ANSWERED), or the match is no longer waiting: confirmed, cancelled, past its deadline (MATCH_NOT_PENDING) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "This match is no longer waiting for answers (cancelled)",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    submitMatchResult: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MatchOutcomeResultDto"] | components["schemas"]["MatchPlacementsResultDto"];
            };
        };
        responses: {
            /** @description Applied (every player's rating change), or pending until every team has confirmed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchResultResponseDto"];
                };
            };
            /** @description Invalid body, player_id and outcome for a session that is not 2-player, player_id not in the session, or placements that do not fit the session's teams */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Invalid placements for session 665f1c2b9d3e4a0012345699: placements must have one entry per team: the session has 2 teams, got 3",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown session, or (for a player) a session they are not in */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Session 665f1c2b9d3e4a0012345699 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Reports conflict (RESULT_DISPUTED), a different result was already applied (RESULT_ALREADY_APPLIED), the reporter changed their report (REPORT_ALREADY_SUBMITTED), or the session takes no result: abandoned, cancelled, or still waiting for acceptances (SESSION_NOT_OPEN) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "The players' reports for session 665f1c2b9d3e4a0012345699 conflict; the session is disputed until a game server reports the result",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Sustained write contention, or Redis/MongoDB unavailable; retry the request (it is idempotent) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "The result could not be stored because of sustained contention; retry the request",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getPlayerRating: {
        parameters: {
            query?: {
                /** @description How many entries to return (1 to 100) */
                limit?: number;
                /** @description Rating pool (default: `default`) (e.g. `glicko`) */
                pool?: string;
                /** @description Cursor: only entries strictly older than this ISO 8601 timestamp (pass the last entry's timestamp for the next page) (e.g. `2026-11-23T20:00:00.000Z`) */
                before?: string;
            };
            header?: never;
            path: {
                /** @description Player id (24 hexadecimal characters) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The player's rating and one page of history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlayerRatingDto"];
                };
            };
            /** @description Malformed player id, limit, before or pool */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "before must be an ISO 8601 timestamp",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown player or pool */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player 665f1c2b9d3e4a0012345678 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getLeaderboard: {
        parameters: {
            query?: {
                /** @description How many entries to return (1 to 100) */
                limit?: number;
                /** @description Rating pool (default: `default`) (e.g. `glicko`) */
                pool?: string;
                /** @description A closed season of the pool (its final standings); default: the current season (e.g. `1`) */
                season?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Best first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "rank": 1,
                     *         "player_id": "665f1c2b9d3e4a0012345678",
                     *         "username": "nova_striker",
                     *         "rating": 1816,
                     *         "pool": "default",
                     *         "system": "elo",
                     *         "rd": null,
                     *         "volatility": null,
                     *         "mu": null,
                     *         "sigma": null
                     *       },
                     *       {
                     *         "rank": 2,
                     *         "player_id": "665f1c2b9d3e4a0012345679",
                     *         "username": "iron_falcon",
                     *         "rating": 1790,
                     *         "pool": "default",
                     *         "system": "elo",
                     *         "rd": null,
                     *         "volatility": null,
                     *         "mu": null,
                     *         "sigma": null
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["LeaderboardEntryDto"][];
                };
            };
            /** @description limit is not an integer between 1 and 100, malformed pool or season */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "limit must not be greater than 100",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown pool, or a season the pool has not reached */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Rating pool ladder does not exist",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getPlayerRank: {
        parameters: {
            query?: {
                /** @description Rating pool (default: `default`) (e.g. `glicko`) */
                pool?: string;
            };
            header?: never;
            path: {
                /** @description Player id (24 hexadecimal characters) */
                player_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The player's rank and rating */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlayerRankDto"];
                };
            };
            /** @description Malformed player id or pool */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "id must be a 24-character hexadecimal string",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, invalid, expired or revoked credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown player or pool */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Player 665f1c2b9d3e4a0012345678 not found",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    closeSeason: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Rating pool name */
                pool: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloseSeasonDto"];
            };
        };
        responses: {
            /** @description The closed season (the same body again for the same season_id) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeasonCloseDto"];
                };
            };
            /** @description Malformed pool or season_id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "season_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a game server */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the server role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unknown pool */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "error": "Not Found",
                     *       "message": "Rating pool ladder does not exist",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The default pool has no seasons */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "error": "Conflict",
                     *       "message": "Pool default is the all-time ladder kept in the players' profiles and has no seasons; for seasons on Elo, rate the modes in a pool of your own with system elo",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Request body larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "error": "Unsupported Media Type",
                     *       "message": "Content-Type must be application/json",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createEventStreamTicket: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A single-use ticket for `GET /api/v1/events?ticket=` */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StreamTicketDto"];
                };
            };
            /** @description A body was sent (this route takes none) and it is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "Body is not valid JSON but content-type is set to 'application/json'",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing or invalid access token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Missing or invalid access token",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a player token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "error": "Forbidden",
                     *       "message": "This endpoint is for the player role",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "error": "Payload Too Large",
                     *       "message": "Request body is too large",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Redis or MongoDB is unavailable; retry shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "A dependency (Redis or MongoDB) is unavailable; retry shortly",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    openEventStream: {
        parameters: {
            query?: {
                /** @description One-time ticket from `POST /api/v1/events/ticket` (for EventSource, which cannot send headers) (e.g. `Zr3n0bQ2m8Jb3f1oWc9V2gq4T1s0k7yXh5uLdEaPz6M`) */
                ticket?: string;
                /** @description Resume after this event id when the `Last-Event-ID` header cannot be sent (the header wins when both are given) (e.g. `1796057321106-7`) */
                last_event_id?: string;
            };
            header?: {
                /** @description Id of the last event received; missed events are replayed first */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An open event stream, until the client disconnects or the replica shuts down */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Unknown query parameters, or a ticket or last_event_id that is too long */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "error": "Bad Request",
                     *       "message": "last_event_id must be shorter than or equal to 64 characters",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No valid token, server key or ticket (tickets are single use) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "error": "Unauthorized",
                     *       "message": "Stream ticket is unknown, already used or expired",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Unexpected error (never carries internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "error": "Internal Server Error",
                     *       "message": "Internal server error",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description This replica is shutting down (reconnect), or Redis is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "This replica is shutting down; reconnect",
                     *       "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
