import { Injectable } from '@nestjs/common';
import { SessionsService } from '../sessions/sessions.service';

export interface MatchSession {
  sessionId: string;
  players: { playerId: string; username: string; rating: number }[];
}

/** Port: creates the game session for a match. Bound to SessionsService; benchmarks bind a no-op sink. */
export abstract class MatchSessions {
  /** @throws whatever session creation throws (e.g. ConflictError when a player cannot be claimed). */
  abstract create(mode: string, playerIds: [string, string]): Promise<MatchSession>;
}

@Injectable()
export class SessionsMatchSessions extends MatchSessions {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async create(mode: string, playerIds: [string, string]): Promise<MatchSession> {
    const view = await this.sessions.create(null, { player_ids: playerIds, mode }, { fromQueue: true });
    return { sessionId: view.session_id, players: view.players.map((p) => ({ playerId: p.player_id, username: p.username, rating: p.rating })) };
  }
}
