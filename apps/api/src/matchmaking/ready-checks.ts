import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '@libs/domain-events';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerRepository } from '../players/player.repository';
import type { ClaimedMatch } from './match-queue';

export type ReadyAnswer = 'accept' | 'decline';

export type AnswerOutcome =
  | { outcome: 'missing' }
  | { outcome: 'not_in_match' }
  | { outcome: 'pending' }
  | { outcome: 'confirmed' }
  | { outcome: 'answered' | 'closed'; status: string }
  | { outcome: 'cancelled'; accepted: string[] };

export interface PendingMatch {
  matchId: string;
  mode: string;
  deadline: number;
  match: ClaimedMatch;
  accepted: boolean;
}

/** The match record outlives its deadline by this much, so late answers get a clear 409 rather than a 404. */
const RECORD_GRACE_SECONDS = 3600;

/** The players of a claimed match, in team order (one player per team today). */
export const playersOf = (match: ClaimedMatch) => [match.a, match.b];

/**
 * Ready-check records in Redis: the match hash `match:{id}` (decided by one script, so exactly one answer or the
 * timeout settles it across replicas), the per-mode deadline index and each player's pointer for the queue status.
 * The match's tickets stay claimed meanwhile, with the claim's age set to the deadline so that stale-claim recovery
 * leaves them alone until then.
 */
@Injectable()
export class ReadyChecks implements OnModuleInit {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly players: PlayerRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'ready-check-answer', 1);
  }

  async open(match: ClaimedMatch, timeoutSeconds: number, now = Date.now()): Promise<void> {
    const matchId = match.claimId;
    const deadline = now + timeoutSeconds * 1000;
    const tickets = playersOf(match);
    const ids = tickets.map((t) => t.playerId);
    const key = keys.queue.readyCheck(matchId);
    await this.redis
      .multi()
      .hset(key, { status: 'pending', mode: match.mode, deadline: String(deadline), players: ids.join(','), match: JSON.stringify(match) })
      .expire(key, timeoutSeconds + RECORD_GRACE_SECONDS)
      .exec();
    const claims = keys.queue.claims(match.mode);
    await Promise.all([
      this.redis.zadd(keys.queue.pendingMatches(match.mode), deadline, matchId),
      this.redis.zadd(claims, 'XX', ...ids.flatMap((id) => [deadline, id])),
      ...ids.map((id) => this.redis.set(keys.queue.pendingMatch(id), matchId, 'PX', deadline - now + 60_000)),
    ]);
    const found = await this.players.findByIds(ids).catch(() => []);
    const names = new Map(found.map((p) => [p.id, p.username]));
    this.events.emit('match.accept_required', {
      matchId,
      mode: match.mode,
      teams: tickets.map((t) => [{ playerId: t.playerId, username: names.get(t.playerId) ?? '', rating: t.rating }]),
      deadline,
    });
  }

  async answer(matchId: string, playerId: string, answer: ReadyAnswer | 'timeout', now = Date.now()): Promise<AnswerOutcome> {
    if (!/^[A-Za-z0-9]{1,64}$/.test(matchId)) return { outcome: 'missing' };
    const [outcome, detail] = await callLua<[string, string]>(this.redis, 'ready-check-answer', [keys.queue.readyCheck(matchId)], [answer, playerId, now]);
    if (outcome === 'answered' || outcome === 'closed') return { outcome, status: detail };
    if (outcome === 'cancelled') return { outcome, accepted: detail ? detail.split(',') : [] };
    return { outcome } as AnswerOutcome;
  }

  async get(matchId: string): Promise<{ status: string; match: ClaimedMatch; deadline: number; answers: Record<string, string> } | null> {
    const hash = await this.redis.hgetall(keys.queue.readyCheck(matchId));
    if (!hash.match) return null;
    const answers: Record<string, string> = {};
    for (const [field, value] of Object.entries(hash)) if (field.startsWith('answer:')) answers[field.slice(7)] = value;
    return { status: hash.status, match: JSON.parse(hash.match) as ClaimedMatch, deadline: Number(hash.deadline), answers };
  }

  /** The ready-check a player is asked to answer right now, if any. */
  async pendingFor(playerId: string): Promise<PendingMatch | null> {
    const matchId = await this.redis.get(keys.queue.pendingMatch(playerId));
    if (!matchId) return null;
    const record = await this.get(matchId);
    if (!record || record.status !== 'pending') return null;
    return { matchId, mode: record.match.mode, deadline: record.deadline, match: record.match, accepted: record.answers[playerId] === 'accept' };
  }

  async due(mode: string, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(keys.queue.pendingMatches(mode), '-inf', now, 'LIMIT', 0, limit);
  }

  async unindex(mode: string, matchId: string): Promise<void> {
    await this.redis.zrem(keys.queue.pendingMatches(mode), matchId);
  }

  /** Forgets a decided match's index entry and the players' pointers (the record itself expires). */
  async forget(match: ClaimedMatch): Promise<void> {
    await Promise.all([
      this.redis.zrem(keys.queue.pendingMatches(match.mode), match.claimId),
      ...playersOf(match).map((t) => this.redis.del(keys.queue.pendingMatch(t.playerId))),
    ]);
  }
}
