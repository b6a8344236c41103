import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { isContinuous, NO_EVENT_ID, parseEventId } from './event-id';

export interface StoredEvent {
  id: string;
  event: string;
  /** The JSON payload as sent (it carries its trace_id). */
  data: string;
}

/** Hard cap per stream on top of the time-based retention, so a runaway producer cannot grow a key without bound. */
const MAX_EVENTS_PER_STREAM = 1000;
/** A stream with no new event lives this long (at least the retention), so a quiet player's reconnect is not a loss. */
const MIN_IDLE_TTL_SECONDS = 86400;

/**
 * The per-player and game-server event streams in Redis: append (one script: id, trim, TTL, notify), reads after an
 * id, and the continuity check behind Last-Event-ID. Each stream is one key, so it works on Redis Cluster.
 */
@Injectable()
export class EventLog implements OnModuleInit {
  private readonly retentionMs: number;
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retentionMs = config.events.retentionSeconds * 1000;
    this.ttlSeconds = Math.max(config.events.retentionSeconds, MIN_IDLE_TTL_SECONDS);
  }

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'events-append', 1);
  }

  append(streamKey: string, event: string, data: Record<string, unknown>): Promise<string> {
    return callLua<string>(this.redis, 'events-append', [streamKey], [
      this.retentionMs,
      this.ttlSeconds,
      MAX_EVENTS_PER_STREAM,
      keys.events.notifyChannel(),
      event,
      JSON.stringify(data),
    ]);
  }

  /** Events strictly after `afterId`, oldest first. */
  async readAfter(streamKey: string, afterId: string, count: number): Promise<StoredEvent[]> {
    const entries = await this.redis.xrange(streamKey, `(${afterId}`, '+', 'COUNT', count);
    return entries.map(toStored);
  }

  /** The id of the newest event, or 0-0 for an empty or missing stream: a new client starts after it. */
  async newestId(streamKey: string): Promise<string> {
    const [newest] = await this.redis.xrevrange(streamKey, '+', '-', 'COUNT', 1);
    return newest ? newest[0] : NO_EVENT_ID;
  }

  /** True when every event after `lastId` is still retained (so a replay from it misses nothing). */
  async canResumeFrom(streamKey: string, lastId: string): Promise<boolean> {
    const parsed = parseEventId(lastId);
    if (!parsed) return false;
    const [next] = await this.redis.xrange(streamKey, `(${lastId}`, '+', 'COUNT', 1);
    const newest = next ? null : await this.newestId(streamKey);
    return isContinuous(parsed, next ? next[0] : null, newest === NO_EVENT_ID ? null : newest);
  }
}

function toStored([id, fields]: [string, string[]]): StoredEvent {
  let event = '';
  let data = '{}';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'event') event = fields[i + 1];
    else if (fields[i] === 'data') data = fields[i + 1];
  }
  return { id, event, data };
}
