import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { SessionView } from './session.view';

/**
 * How long a write intent keeps readers off the hot copy if its writer dies before clearing it. Must stay well above
 * the MongoDB write bound (SESSION_WRITE_MAX_TIME_MS) so an expired intent can no longer be followed by its write.
 */
export const WRITE_INTENT_TTL_MS = 30_000;
/** The sync key outlives the hot copy so that a late, older snapshot cannot resurrect a finished session. */
const SYNC_TTL_SECONDS = 24 * 3600;

export interface HotRead {
  /** The hot copy, or null when Redis holds none. */
  view: SessionView | null;
  /** True while a write is in flight or was interrupted: the hot copy may lag MongoDB and must not be served. */
  pending: boolean;
}

export interface HotAnswer {
  /** The view as JSON text, exactly as the state route answers it; null when there is none to serve. */
  answer: string | null;
  playerIds: string[];
  /** As in HotRead: while true, the answer may lag MongoDB and must not be served. */
  pending: boolean;
}

/**
 * Redis side of a session: the hot copy (`sessions:{id}` hash) and its sync record (`sessions:{id}:sync`). MongoDB is
 * the source of truth; every change to the hot copy goes through one versioned compare-and-set script.
 */
@Injectable()
export class SessionHotStore implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'session-hot-apply', 2);
    defineLuaCommand(this.redis, __dirname, 'session-hot-read', 2);
    defineLuaCommand(this.redis, __dirname, 'session-write-intent', 1);
  }

  async read(sessionId: string): Promise<HotRead> {
    const [flat, intents] = await callLua<[string[], number]>(this.redis, 'session-hot-read', this.keys(sessionId), ['']);
    return { view: parse(flat), pending: intents > 0 };
  }

  /**
   * The session's JSON answer as written with the hot copy (`JSON.stringify` of its view) and its player ids, without
   * parsing either: the state route sends it as is. `answer` is null when Redis holds no hot copy or one written
   * before answers were stored (the caller then reads the view).
   */
  async readAnswer(sessionId: string): Promise<HotAnswer> {
    const [[answer, playerIds], intents] = await callLua<[[string | null, string | null], number]>(this.redis, 'session-hot-read', this.keys(sessionId), ['answer']);
    return { answer: answer && playerIds ? answer : null, playerIds: playerIds ? playerIds.split(',') : [], pending: intents > 0 };
  }

  /**
   * Claims the change from `version` and announces the durable write before it happens (readers go to MongoDB until
   * the writer applies or drops it). Null when another writer holds that version: exactly one writer per version
   * reaches MongoDB, which keeps "one winner per version" true on stores whose conditional update is not atomic.
   */
  async beginWrite(sessionId: string, version: number): Promise<string | null> {
    const token = randomUUID();
    const now = Date.now();
    const args = ['begin', token, version, now, now + WRITE_INTENT_TTL_MS, SYNC_TTL_SECONDS];
    const claimed = await callLua<number>(this.redis, 'session-write-intent', [keys.sessionSync(sessionId)], args);
    return claimed === 1 ? token : null;
  }

  /** Drops an intent (and its version claim) whose write did not happen (its condition failed). */
  async endWrite(sessionId: string, token: string, version: number): Promise<void> {
    await callLua<number>(this.redis, 'session-write-intent', [keys.sessionSync(sessionId)], ['end', token, version]);
  }

  /**
   * Writes `view` as the hot copy (or removes the hot copy when `view` is null: the session is finished or closed) if
   * `version` is not older than what Redis has seen. `forgetIntentsBefore` lets a repair that read MongoDB after that
   * time clear intents of writers that died.
   */
  async apply(
    sessionId: string,
    version: number,
    view: SessionView | null,
    options: { token?: string; forgetIntentsBefore?: number } = {},
  ): Promise<boolean> {
    const args: (string | number)[] = [version, view ? '0' : '1', options.token ?? '', options.forgetIntentsBefore ?? 0, SYNC_TTL_SECONDS];
    if (view) args.push(...toFields(view));
    return (await callLua<number>(this.redis, 'session-hot-apply', this.keys(sessionId), args)) === 1;
  }

  private keys(sessionId: string): string[] {
    return [keys.session(sessionId), keys.sessionSync(sessionId)];
  }
}

function toFields(view: SessionView): string[] {
  const ratings = view.players.map((p) => p.rating);
  return [
    'session_id', view.session_id,
    'mode', view.mode,
    'status', view.status,
    'origin', view.origin,
    'player_ids', view.players.map((p) => p.player_id).join(','),
    'players', JSON.stringify(view.players),
    'teams', JSON.stringify(view.teams),
    // Mean rating of the participants at creation, for operators looking at Redis.
    'rating', String(Math.round(ratings.reduce((a, b) => a + b, 0) / Math.max(ratings.length, 1))),
    'state', JSON.stringify(view.state),
    'version', String(view.version),
    'created_at', view.created_at,
    'updated_at', view.updated_at,
    'timestamp', String(Date.parse(view.updated_at)),
    'history', JSON.stringify(view.history),
    // The state route's answer, serialized once per write rather than parsed and serialized again on every read.
    'answer', JSON.stringify(view),
  ];
}

function parse(flat: string[]): SessionView | null {
  if (flat.length === 0) return null;
  const hash: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) hash[flat[i]] = flat[i + 1];
  if (!hash.session_id || !hash.version) return null;
  try {
    return {
      session_id: hash.session_id,
      mode: hash.mode,
      status: hash.status as SessionView['status'],
      // A hot copy written before origins were recorded: same reading as MongoDB's (session.mapper.ts).
      origin: (hash.origin ?? 'server') as SessionView['origin'],
      players: JSON.parse(hash.players) as SessionView['players'],
      teams: JSON.parse(hash.teams ?? 'null') ?? (JSON.parse(hash.players) as SessionView['players']).map((p) => [p.player_id]),
      state: JSON.parse(hash.state) as SessionView['state'],
      version: Number(hash.version),
      created_at: hash.created_at,
      updated_at: hash.updated_at,
      history: JSON.parse(hash.history) as SessionView['history'],
    };
  } catch {
    // An unreadable hot copy is treated as missing: the reader falls back to MongoDB and rewrites it.
    return null;
  }
}
