import { Inject, Injectable } from '@nestjs/common';
import { keys, REDIS, RedisClient } from '@libs/redis';

/** What the queue status shows once a player has been matched. */
export interface MatchedPlayer {
  playerId: string;
  username: string;
  rating: number;
}

export interface MatchRecord {
  sessionId: string;
  mode: string;
  /** The first opponent (the only one in 1v1). */
  opponent: MatchedPlayer;
  teammates: MatchedPlayer[];
  opponents: MatchedPlayer[];
  matchedAt: number;
}

/** Status shows `matched` only while the player's session is the recorded one, so the record just needs to outlive it. */
const RECORD_TTL_SECONDS = 24 * 3600;

/** Per-player record of the last match (`player:{id}:match`), written once the match's session exists. */
@Injectable()
export class MatchRecords {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async write(records: { playerId: string; record: MatchRecord }[]): Promise<void> {
    // Plain commands, not a pipeline object per player: batched writes (`batchWrites`) send the records of every
    // match a tick settles in a few writes (a burst of 1,000 5v5 matches is 10,000 records). One connection keeps each
    // player's three commands in order; a status read in between sees no record and asks the session instead.
    await Promise.all(
      records.flatMap(({ playerId, record }) => {
        const key = keys.queue.matchRecord(playerId);
        return [
          this.redis.del(key),
          this.redis.hset(key, {
            session_id: record.sessionId,
            mode: record.mode,
            opponent_id: record.opponent.playerId,
            opponent_username: record.opponent.username,
            opponent_rating: String(record.opponent.rating),
            matched_at: String(record.matchedAt),
            teammates: JSON.stringify(record.teammates),
            opponents: JSON.stringify(record.opponents),
          }),
          this.redis.expire(key, RECORD_TTL_SECONDS),
        ];
      }),
    );
  }

  async read(playerId: string): Promise<MatchRecord | null> {
    const hash = await this.redis.hgetall(keys.queue.matchRecord(playerId));
    if (!hash.session_id) return null;
    const opponent = { playerId: hash.opponent_id, username: hash.opponent_username, rating: Number(hash.opponent_rating) };
    return {
      sessionId: hash.session_id,
      mode: hash.mode,
      opponent,
      teammates: hash.teammates ? (JSON.parse(hash.teammates) as MatchedPlayer[]) : [],
      opponents: hash.opponents ? (JSON.parse(hash.opponents) as MatchedPlayer[]) : [opponent],
      matchedAt: Number(hash.matched_at),
    };
  }
}
