import { Inject, Injectable } from '@nestjs/common';
import { keys, REDIS, RedisClient } from '@libs/redis';

/** What the queue status shows once a player has been matched. */
export interface MatchRecord {
  sessionId: string;
  mode: string;
  opponent: { playerId: string; username: string; rating: number };
  matchedAt: number;
}

/** Status shows `matched` only while the player's session is the recorded one, so the record just needs to outlive it. */
const RECORD_TTL_SECONDS = 24 * 3600;

/** Per-player record of the last match (`player:{id}:match`), written once the match's session exists. */
@Injectable()
export class MatchRecords {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async write(records: { playerId: string; record: MatchRecord }[]): Promise<void> {
    // One pipeline per player: each player's keys share a hash tag, two players' usually do not (Redis Cluster).
    await Promise.all(
      records.map(async ({ playerId, record }) => {
        const key = keys.queue.matchRecord(playerId);
        const results = await this.redis
          .pipeline()
          .del(key)
          .hset(key, {
            session_id: record.sessionId,
            mode: record.mode,
            opponent_id: record.opponent.playerId,
            opponent_username: record.opponent.username,
            opponent_rating: String(record.opponent.rating),
            matched_at: String(record.matchedAt),
          })
          .expire(key, RECORD_TTL_SECONDS)
          .exec();
        for (const [error] of results ?? []) if (error) throw error;
      }),
    );
  }

  async read(playerId: string): Promise<MatchRecord | null> {
    const hash = await this.redis.hgetall(keys.queue.matchRecord(playerId));
    if (!hash.session_id) return null;
    return {
      sessionId: hash.session_id,
      mode: hash.mode,
      opponent: { playerId: hash.opponent_id, username: hash.opponent_username, rating: Number(hash.opponent_rating) },
      matchedAt: Number(hash.matched_at),
    };
  }
}
