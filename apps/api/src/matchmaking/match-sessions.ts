import { Injectable } from '@nestjs/common';
import { MatchRatings } from '../ratings/match-ratings';
import { PlayerSessionCheck, SessionsService } from '../sessions/sessions.service';

export type { PlayerSessionCheck };

export interface MatchSession {
  sessionId: string;
  /** `rating`: the player's current rating in the mode's pool (the default Elo rating in a default-pool mode). */
  players: { playerId: string; username: string; rating: number }[];
}

/** Port: creates the game session for a match. Bound to SessionsService; benchmarks bind a no-op sink. */
export abstract class MatchSessions {
  /** @throws whatever session creation throws (e.g. ConflictError when a player cannot be claimed). */
  abstract create(mode: string, teams: string[][]): Promise<MatchSession>;
  /** The session the player's state points at, verified; a state left behind by a crash is cleared (status 'none'). */
  abstract check(playerId: string): Promise<PlayerSessionCheck>;
}

@Injectable()
export class SessionsMatchSessions extends MatchSessions {
  constructor(
    private readonly sessions: SessionsService,
    private readonly ratings: MatchRatings,
  ) {
    super();
  }

  async create(mode: string, teams: string[][]): Promise<MatchSession> {
    // One player per team (1v1, free-for-all) keeps the player_ids form of before.
    const input = teams.every((t) => t.length === 1) ? { player_ids: teams.map((t) => t[0]), mode } : { teams, mode };
    const view = await this.sessions.create(null, input, { fromQueue: true });
    // The session snapshots the default rating; matches in another pool show the pool's rating (null: a default mode).
    const pooled = await Promise.all(view.players.map((p) => this.ratings.forMode(p.player_id, mode).catch(() => null)));
    return {
      sessionId: view.session_id,
      players: view.players.map((p, i) => ({ playerId: p.player_id, username: p.username, rating: pooled[i]?.rating ?? p.rating })),
    };
  }

  check(playerId: string): Promise<PlayerSessionCheck> {
    return this.sessions.checkPlayerSession(playerId);
  }
}
