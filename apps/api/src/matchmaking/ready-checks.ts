import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents, MatchPlayer } from '@libs/domain-events';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { PlayerRepository } from '../players/player.repository';
import { MatchRatings } from '../ratings/match-ratings';
import type { Ticket } from './domain/pairing';
import type { ClaimedMatch, ClaimedTeamMatch } from './match-queue';

export type ReadyAnswer = 'accept' | 'decline';

export type AnswerOutcome =
  | { outcome: 'missing' }
  | { outcome: 'not_in_match' }
  | { outcome: 'pending' }
  | { outcome: 'confirmed' }
  | { outcome: 'answered' | 'closed'; status: string }
  /** `out`: the players who declined (or, at the deadline, did not accept); their tickets leave the queue. */
  | { outcome: 'cancelled'; out: string[] };

/** A claimed match waiting for its ready-check: a 1v1 pair or a team match (2..64 tickets, parties among them). */
export type ReadyMatch = { kind: 'pair'; match: ClaimedMatch } | { kind: 'teams'; match: ClaimedTeamMatch };

/** A ticket of a ready-check match with the players who must accept it (every member of a party ticket). */
export interface ReadyTicket {
  ticket: Ticket;
  players: string[];
}

export interface PendingMatch {
  matchId: string;
  mode: string;
  deadline: number;
  match: ReadyMatch;
  accepted: boolean;
}

/** The match record outlives its deadline by this much, so late answers get a clear 409 rather than a 404. */
const RECORD_GRACE_SECONDS = 3600;

export const claimOf = (m: ReadyMatch): { mode: string; claimId: string } => m.match;

/** The tickets of a ready-check match, team by team, each with its players. */
export function teamsOf(m: ReadyMatch): ReadyTicket[][] {
  if (m.kind === 'pair') return [[{ ticket: m.match.a, players: [m.match.a.playerId] }], [{ ticket: m.match.b, players: [m.match.b.playerId] }]];
  const members = m.match.members;
  return m.match.teams.map((team) => team.map((ticket) => ({ ticket, players: members.get(ticket.playerId) ?? [ticket.playerId] })));
}

export const ticketsOf = (m: ReadyMatch): ReadyTicket[] => teamsOf(m).flat();
export const playersOf = (m: ReadyMatch): string[] => ticketsOf(m).flatMap((t) => t.players);

/** The record's JSON form (a team match's members map as entries); a record without `kind` is a pair. */
function serialise(m: ReadyMatch): string {
  if (m.kind === 'pair') return JSON.stringify({ kind: 'pair', match: m.match });
  return JSON.stringify({ kind: 'teams', match: { ...m.match, members: [...m.match.members.entries()] } });
}

function deserialise(text: string): ReadyMatch {
  const parsed = JSON.parse(text) as { kind?: string; match?: unknown };
  if (parsed.kind === 'teams') {
    const match = parsed.match as Omit<ClaimedTeamMatch, 'members'> & { members: [string, string[]][] };
    return { kind: 'teams', match: { ...match, members: new Map(match.members) } };
  }
  return { kind: 'pair', match: (parsed.kind === 'pair' ? parsed.match : parsed) as ClaimedMatch };
}

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
    private readonly ratings: MatchRatings,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'ready-check-answer', 1);
  }

  async open(ready: ReadyMatch, timeoutSeconds: number, now = Date.now()): Promise<void> {
    const { mode, claimId: matchId } = claimOf(ready);
    const deadline = now + timeoutSeconds * 1000;
    const ids = playersOf(ready);
    const key = keys.queue.readyCheck(matchId);
    await this.redis
      .multi()
      .hset(key, { status: 'pending', mode, deadline: String(deadline), players: ids.join(','), match: serialise(ready) })
      .expire(key, timeoutSeconds + RECORD_GRACE_SECONDS)
      .exec();
    const claims = keys.queue.claims(mode);
    await Promise.all([
      this.redis.zadd(keys.queue.pendingMatches(mode), deadline, matchId),
      this.redis.zadd(claims, 'XX', ...ticketsOf(ready).flatMap((t) => [deadline, t.ticket.playerId])),
      ...ids.map((id) => this.redis.set(keys.queue.pendingMatch(id), matchId, 'PX', deadline - now + 60_000)),
    ]);
    this.events.emit('match.accept_required', { matchId, mode, teams: await this.views(ready), deadline });
  }

  async answer(matchId: string, playerId: string, answer: ReadyAnswer | 'timeout' | 'withdraw', now = Date.now()): Promise<AnswerOutcome> {
    if (!/^[A-Za-z0-9]{1,64}$/.test(matchId)) return { outcome: 'missing' };
    const [outcome, detail] = await callLua<[string, string]>(this.redis, 'ready-check-answer', [keys.queue.readyCheck(matchId)], [answer, playerId, now]);
    if (outcome === 'answered' || outcome === 'closed') return { outcome, status: detail };
    if (outcome === 'cancelled') return { outcome, out: detail ? detail.split(',') : [] };
    return { outcome } as AnswerOutcome;
  }

  async get(matchId: string): Promise<{ status: string; match: ReadyMatch; deadline: number; answers: Record<string, string> } | null> {
    const hash = await this.redis.hgetall(keys.queue.readyCheck(matchId));
    if (!hash.match) return null;
    const answers: Record<string, string> = {};
    for (const [field, value] of Object.entries(hash)) if (field.startsWith('answer:')) answers[field.slice(7)] = value;
    return { status: hash.status, match: deserialise(hash.match), deadline: Number(hash.deadline), answers };
  }

  /** The ready-check a player is asked to answer right now, if any. */
  async pendingFor(playerId: string): Promise<PendingMatch | null> {
    const matchId = await this.redis.get(keys.queue.pendingMatch(playerId));
    if (!matchId) return null;
    const record = await this.get(matchId);
    if (!record || record.status !== 'pending') return null;
    return { matchId, mode: claimOf(record.match).mode, deadline: record.deadline, match: record.match, accepted: record.answers[playerId] === 'accept' };
  }

  /** Whether any ready-check of the mode is at or past its deadline (what `due` would list). */
  async anyDue(mode: string, now: number): Promise<boolean> {
    return (await this.redis.zcount(keys.queue.pendingMatches(mode), '-inf', now)) > 0;
  }

  async due(mode: string, now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(keys.queue.pendingMatches(mode), '-inf', now, 'LIMIT', 0, limit);
  }

  async unindex(mode: string, matchId: string): Promise<void> {
    await this.redis.zrem(keys.queue.pendingMatches(mode), matchId);
  }

  /** Forgets a decided match's index entry and the players' pointers (the record itself expires). */
  async forget(ready: ReadyMatch): Promise<void> {
    const { mode, claimId } = claimOf(ready);
    await Promise.all([this.redis.zrem(keys.queue.pendingMatches(mode), claimId), ...playersOf(ready).map((id) => this.redis.del(keys.queue.pendingMatch(id)))]);
  }

  /**
   * Every player of the match with the name and rating they will be matched with: a solo ticket's rating is the one
   * the queue paired; a party member's is their own in the mode's pool (the ticket carries the party's).
   */
  private async views(ready: ReadyMatch): Promise<MatchPlayer[][]> {
    const { mode } = claimOf(ready);
    const teams = teamsOf(ready);
    const found = await this.players.findByIds(playersOf(ready)).catch(() => []);
    const byId = new Map(found.map((p) => [p.id, p]));
    const own = async (id: string) => (await this.ratings.forMode(id, mode).catch(() => null))?.rating ?? byId.get(id)?.stats.rating ?? 0;
    return Promise.all(
      teams.map(async (team) =>
        (
          await Promise.all(
            team.map(({ ticket, players }) =>
              Promise.all(
                players.map(async (id) => ({
                  playerId: id,
                  username: byId.get(id)?.username ?? '',
                  rating: players.length === 1 ? ticket.rating : await own(id),
                })),
              ),
            ),
          )
        ).flat(),
      ),
    );
  }
}
