import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { compareEventIds } from './event-id';
import { EventLog, StoredEvent } from './event-log';
import { EventsShuttingDownError } from './events.errors';
import { EventsMetrics } from './events.metrics';

export type StreamOwner = { kind: 'player'; playerId: string } | { kind: 'server' };

interface Connection {
  id: string;
  owner: StreamOwner;
  streamKey: string;
  /** Newest event id written to this client; everything after it is still to send. */
  lastId: string;
  res: ServerResponse;
  closed: boolean;
}

/** The connections of one replica that read one Redis stream; reads of a stream are serialised, so order holds. */
interface Group {
  key: string;
  conns: Set<Connection>;
  reading: boolean;
  again: boolean;
}

type CloseReason = 'client' | 'slow' | 'limit' | 'shutdown' | 'error';

const READ_BATCH = 200;
const RETRY_MS = 1000;
/** Reconnect delay a client's EventSource uses after the stream ends. */
const CLIENT_RETRY_MS = 2000;

/**
 * Holds this replica's open event streams and feeds them from Redis. Appends publish "<stream key> <id>" on one
 * channel; each replica subscribes once and, for a stream it serves, reads the new entries with XRANGE after the
 * oldest id its clients have. Replay after a reconnect is the same read from the client's Last-Event-ID, so replay
 * and live events arrive in order, without duplicates, whichever replica made them.
 */
@Injectable()
export class EventHub implements OnModuleInit, OnModuleDestroy {
  private readonly log: ServiceLogger;
  private readonly groups = new Map<string, Group>();
  private readonly byId = new Map<string, Connection>();
  private readonly counts = { player: 0, server: 0 };
  private subscriber: RedisClient | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventLog,
    private readonly metrics: EventsMetrics,
    logger: AppLogger,
  ) {
    this.log = logger.forService('events');
  }

  async onModuleInit(): Promise<void> {
    defineLuaCommand(this.redis, __dirname, 'events-stream-open', 1);
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    let subscribed = false;
    subscriber.on('error', () => undefined); // the main client reports outages
    subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    // Notifications sent while the subscription was down are lost: catch every stream up once it is back.
    subscriber.on('ready', () => subscribed && this.groups.forEach((g) => this.pump(g)));
    await subscriber.subscribe(keys.events.notifyChannel(), keys.events.closeChannel());
    subscribed = true;
    this.heartbeat = setInterval(() => this.beat(), this.config.events.heartbeatSeconds * 1000);
    this.heartbeat.unref();
  }

  /** Ends every stream (clients reconnect, to another replica) before the HTTP server stops. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const conn of [...this.byId.values()]) this.close(conn, 'shutdown');
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  get openStreams(): number {
    return this.byId.size;
  }

  /**
   * Opens a stream for `owner` on `reply` (taken over from the framework), starting after `lastEventId` when it is
   * still resumable, else with an `events_lost` event; without one, only new events are sent.
   */
  async open(owner: StreamOwner, lastEventId: string | null, reply: FastifyReply, traceId: string): Promise<void> {
    if (this.closing) throw new EventsShuttingDownError();
    const streamKey = owner.kind === 'player' ? keys.events.player(owner.playerId) : keys.events.servers();
    let start: string;
    let lost = false;
    if (lastEventId !== null && (await this.events.canResumeFrom(streamKey, lastEventId))) {
      start = lastEventId;
    } else {
      start = await this.events.newestId(streamKey);
      lost = lastEventId !== null;
    }

    const conn: Connection = { id: randomBytes(9).toString('base64url'), owner, streamKey, lastId: start, res: reply.raw, closed: false };
    reply.hijack();
    const headers: Record<string, string> = {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    };
    for (const [name, value] of Object.entries(reply.getHeaders())) if (typeof value === 'string') headers[name] = value;
    conn.res.writeHead(200, headers);
    conn.res.on('close', () => this.close(conn, 'client'));
    this.write(conn, `retry: ${CLIENT_RETRY_MS}\n\n`);
    if (lost) {
      this.send(conn, { id: start, event: 'events_lost', data: JSON.stringify({ last_event_id: lastEventId, resume_from: start, trace_id: traceId }) });
    }
    this.add(conn);
    this.log.debug('event_stream_opened', {
      player_id: owner.kind === 'player' ? owner.playerId : null,
      details: { kind: owner.kind, connection: conn.id, resumed: lastEventId !== null && !lost, events_lost: lost },
    });
    if (owner.kind === 'player') await this.enforceLimit(owner.playerId, conn);
    this.pump(this.groups.get(streamKey)!);
  }

  private add(conn: Connection): void {
    let group = this.groups.get(conn.streamKey);
    if (!group) {
      group = { key: conn.streamKey, conns: new Set(), reading: false, again: false };
      this.groups.set(conn.streamKey, group);
    }
    group.conns.add(conn);
    this.byId.set(conn.id, conn);
    this.counts[conn.owner.kind]++;
    this.metrics.openStreams.set({ kind: conn.owner.kind }, this.counts[conn.owner.kind]);
  }

  private async enforceLimit(playerId: string, conn: Connection): Promise<void> {
    try {
      const evicted = await callLua<string[]>(this.redis, 'events-stream-open', [keys.events.playerStreams(playerId)], [
        conn.id,
        Date.now(),
        this.config.events.maxStreamsPerPlayer,
        // Entries of a replica that died without closing are evicted first, and gone after a day.
        86400,
      ]);
      for (const id of evicted) {
        const local = this.byId.get(id);
        if (local) this.close(local, 'limit');
        else await this.redis.publish(keys.events.closeChannel(), id);
      }
    } catch (error) {
      this.log.warn('event_stream_limit_failed', { player_id: playerId, details: { error } });
    }
  }

  private onMessage(channel: string, message: string): void {
    if (channel === keys.events.closeChannel()) {
      const conn = this.byId.get(message);
      if (conn) this.close(conn, 'limit');
      return;
    }
    const group = this.groups.get(message.slice(0, message.lastIndexOf(' ')));
    if (group) this.pump(group);
  }

  /** Reads new entries for a group unless a read is running; then that read goes round once more. */
  private pump(group: Group): void {
    if (group.reading) {
      group.again = true;
      return;
    }
    group.reading = true;
    void this.drain(group)
      .catch((error: unknown) => {
        this.log.warn('event_stream_read_failed', { details: { error, stream: group.key } });
        setTimeout(() => this.groups.get(group.key) === group && this.pump(group), RETRY_MS).unref();
      })
      .finally(() => {
        group.reading = false;
        if (group.again && this.groups.get(group.key) === group) {
          group.again = false;
          this.pump(group);
        }
      });
  }

  private async drain(group: Group): Promise<void> {
    for (;;) {
      group.again = false;
      const live = [...group.conns].filter((c) => !c.closed);
      if (live.length === 0) return;
      const from = live.reduce((min, c) => (compareEventIds(c.lastId, min) < 0 ? c.lastId : min), live[0].lastId);
      const batch = await this.events.readAfter(group.key, from, READ_BATCH);
      for (const conn of live) {
        for (const event of batch) {
          if (conn.closed) break;
          if (compareEventIds(event.id, conn.lastId) > 0) this.send(conn, event);
        }
      }
      if (batch.length < READ_BATCH && !group.again) return;
    }
  }

  private send(conn: Connection, event: StoredEvent): void {
    conn.lastId = event.id;
    this.metrics.sent.inc({ event: event.event });
    this.write(conn, `id: ${event.id}\nevent: ${event.event}\ndata: ${event.data}\n\n`);
  }

  private write(conn: Connection, chunk: string): void {
    if (conn.closed) return;
    conn.res.write(chunk);
    // A client that does not read is dropped rather than buffered without bound; it replays from its last id.
    if (conn.res.writableLength > this.config.events.maxBufferBytes) this.close(conn, 'slow');
  }

  private beat(): void {
    for (const conn of this.byId.values()) this.write(conn, ': ping\n\n');
  }

  private close(conn: Connection, reason: CloseReason): void {
    if (conn.closed) return;
    if (reason === 'limit' || reason === 'shutdown') {
      // Says why before ending, without an id so the client's Last-Event-ID stays put.
      conn.res.write(`event: stream.closed\ndata: ${JSON.stringify({ reason })}\n\n`);
    }
    conn.closed = true;
    if (reason === 'slow') conn.res.destroy();
    else conn.res.end();
    const group = this.groups.get(conn.streamKey);
    group?.conns.delete(conn);
    if (group && group.conns.size === 0) this.groups.delete(conn.streamKey);
    this.byId.delete(conn.id);
    this.counts[conn.owner.kind]--;
    this.metrics.openStreams.set({ kind: conn.owner.kind }, this.counts[conn.owner.kind]);
    if (reason !== 'client') this.metrics.dropped.inc({ reason });
    if (conn.owner.kind === 'player') {
      const playerId = conn.owner.playerId;
      if (reason !== 'limit') void this.redis.zrem(keys.events.playerStreams(playerId), conn.id).catch(() => undefined);
      this.log.debug('event_stream_closed', { player_id: playerId, details: { connection: conn.id, reason } });
      if (reason === 'slow' || reason === 'limit') this.log.info('event_stream_dropped', { player_id: playerId, details: { connection: conn.id, reason } });
    }
  }
}
