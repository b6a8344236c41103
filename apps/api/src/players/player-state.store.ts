import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';

export type PlayerStateName = 'idle' | 'queued' | 'in_session';

/** What a player is doing right now; kept in Redis (`player:{id}:state`), one key per player (cluster-safe). */
export type PlayerActivity =
  | { state: 'idle' }
  | { state: 'queued'; mode: string; since: number }
  | { state: 'in_session'; sessionId: string; since: number };

export interface TransitionResult {
  ok: boolean;
  /** The activity before the call (on failure: the state that blocked the move). */
  previous: { state: PlayerStateName; sessionId: string | null; mode: string | null };
}

@Injectable()
export class PlayerStateStore implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    // One key, or two with the guard key of `transitionUnlessExists`.
    defineLuaCommand(this.redis, __dirname, 'player-state-transition', 1);
  }

  async get(playerId: string): Promise<PlayerActivity> {
    const hash = await this.redis.hgetall(keys.playerState(playerId));
    return parse(hash);
  }

  /**
   * Atomically sets `next` if the player's current state is in `from` (and, when given, belongs to `sessionId`).
   * Compare-and-set per player is what keeps queue joins and session creation from double-booking a player.
   */
  async transition(playerId: string, from: PlayerStateName[], next: PlayerActivity, sessionId?: string): Promise<TransitionResult> {
    return toResult(await this.move([keys.playerState(playerId)], from, next, sessionId));
  }

  /**
   * `transition`, unless `guardKey` exists: then nothing moves and the answer is `'guarded'`. The key must live in the
   * player's hash slot (`player:{id}:…`); its owner hands it over (queue join passes the party pointer, so that "not in
   * a party" and the move to queued are one step).
   */
  async transitionUnlessExists(playerId: string, from: PlayerStateName[], next: PlayerActivity, guardKey: string): Promise<TransitionResult | 'guarded'> {
    const answer = await this.move([keys.playerState(playerId), guardKey], from, next);
    return answer[0] === GUARDED ? 'guarded' : toResult(answer);
  }

  private move(scriptKeys: string[], from: PlayerStateName[], next: PlayerActivity, sessionId?: string): Promise<ScriptAnswer> {
    return callLua<ScriptAnswer>(this.redis, 'player-state-transition', scriptKeys, [from.join(','), sessionId ?? '', next.state, ...fields(next)]);
  }
}

/** The script's answer: moved (1), not moved (0) or guard key present (2); then the state it found. */
type ScriptAnswer = [number, string, string, string];
const GUARDED = 2;

function toResult([ok, state, session, mode]: ScriptAnswer): TransitionResult {
  return { ok: ok === 1, previous: { state: state as PlayerStateName, sessionId: session || null, mode: mode || null } };
}

function fields(next: PlayerActivity): string[] {
  switch (next.state) {
    case 'idle':
      return [];
    case 'queued':
      return ['mode', next.mode, 'since', String(next.since)];
    case 'in_session':
      return ['session_id', next.sessionId, 'since', String(next.since)];
  }
}

function parse(hash: Record<string, string>): PlayerActivity {
  switch (hash.state) {
    case 'queued':
      return { state: 'queued', mode: hash.mode, since: Number(hash.since) };
    case 'in_session':
      return { state: 'in_session', sessionId: hash.session_id, since: Number(hash.since) };
    default:
      return { state: 'idle' };
  }
}
