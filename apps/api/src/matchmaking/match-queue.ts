import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';
import { waitedSeconds, windowOf } from './domain/match-window';
import { bestPartner, Pair, Ticket } from './domain/pairing';
import type { FormedMatch } from './domain/team-formation';
import { WaitSample } from './domain/wait-estimate';
import { ModeCatalog } from './match-modes';

/** A ticket as stored: open, or claimed for a match whose session is being created. */
export interface TicketRecord extends Ticket {
  claimId: string | null;
  opponentId: string | null;
}

/** A team match claimed by one script call: tickets per team, as stored (a party is one ticket). */
export interface ClaimedTeamMatch {
  mode: string;
  claimId: string;
  claimedAt: number;
  teams: Ticket[][];
  /** Players of each ticket (a solo ticket: its player). */
  members: Map<string, string[]>;
  imbalance: number;
  spread: number;
}

/** Two tickets claimed together by the claim script; the caller now owns the match. */
export interface ClaimedMatch {
  mode: string;
  claimId: string;
  claimedAt: number;
  a: Ticket;
  b: Ticket;
  gap: number;
  windowA: number;
  windowB: number;
}

export type AddResult = { ok: true; position: number; queueSize: number; neighbours: Ticket[] } | { ok: false; claimedWith: string };

/** Neighbours asked for with a ticket: up to `perSide` open tickets each side within `range` rating points. */
export interface NeighbourQuery {
  range: number;
  perSide: number;
}

/** One ticket as a status answer sees it, read in one call. */
export interface TicketSnapshot {
  ticket: TicketRecord | null;
  position: number;
  queueSize: number;
  /** Nearest open tickets (an open ticket only): those at or below its rating first, then those above; nearest first. */
  neighbours: Ticket[];
}
export type RemoveResult = { outcome: 'removed'; joinedAt: number } | { outcome: 'claimed' } | { outcome: 'absent' };

/** Measured waits kept per mode for estimates. */
const RECENT_WAITS_CAP = 200;
/** Pairs per claim-script call: keeps each call short (Redis runs scripts one at a time). */
const CLAIM_BATCH = 500;
/** Tickets per team-claim script call, for the same reason. */
const TEAM_CLAIM_BATCH_TICKETS = 1000;
/** Nearest open tickets on each side looked at for an on-join match. */
export const JOIN_CANDIDATES_PER_SIDE = 16;
/** Retries of an on-join claim when the chosen partner was taken a moment earlier. */
const JOIN_CLAIM_ATTEMPTS = 3;

/**
 * The matchmaking queue of each mode, in Redis (`queue:{mode}:*`, one hash tag): open tickets in two sorted sets
 * (player → rating, player → joined-at), the ticket of record in a hash, claimed tickets in a sorted set. Every change
 * of a ticket is one Lua script, so the queue is consistent across replicas; see docs/matchmaking.md.
 */
@Injectable()
export class MatchQueue implements OnModuleInit {
  /** Claim ids: a random per-process prefix plus a counter — unique across replicas, no syscall per pair. */
  private readonly claimPrefix = randomBytes(6).toString('hex');
  private claimCounter = 0;
  private readonly knownModes = new Set<string>();
  readonly modes: ModeCatalog;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.modes = new ModeCatalog(config.matchmaker.modes, config.rating.pools);
  }

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'queue-ticket', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-remove', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-claim', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-claim-match', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-requeue', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-release', 4);
    defineLuaCommand(this.redis, __dirname, 'queue-expire', 4);
  }

  /**
   * Opens a ticket (a stale open ticket of the same id is replaced); refused while a match for it is in flight. A
   * party's ticket is its party id, with its members given. `windowBonus`: points the ticket's window starts above the
   * mode's base window (its players' uncertainty; 0 keeps the ticket's value in the 4-field format of before).
   */
  async addToQueue(
    mode: string,
    playerId: string,
    rating: number,
    joinedAt: number,
    partyMembers: readonly string[] = [],
    neighbours: NeighbourQuery = { range: 0, perSide: 0 },
    windowBonus = 0,
  ): Promise<AddResult> {
    await this.registerMode(mode);
    const reply = await this.ticketCall(mode, playerId, neighbours, [rating, joinedAt, partyMembers.join(','), Math.max(0, Math.round(windowBonus))]);
    if (Number(reply[1]) === -1) return { ok: false, claimedWith: String(reply[2]) };
    return { ok: true, position: Number(reply[1]), queueSize: Number(reply[2]), neighbours: tickets(reply as string[], 3, this.modes.hasTicketWindows(mode)) };
  }

  /** A ticket of record with its position, the open-ticket count and (when `neighbours.perSide` > 0) its nearest open neighbours. */
  async snapshot(mode: string, ticketId: string, neighbours: NeighbourQuery): Promise<TicketSnapshot> {
    const reply = await this.ticketCall(mode, ticketId, neighbours, []);
    return {
      ticket: reply[0] ? parseTicket(ticketId, String(reply[0])) : null,
      position: Number(reply[1]),
      queueSize: Number(reply[2]),
      neighbours: tickets(reply as string[], 3, this.modes.hasTicketWindows(mode)),
    };
  }

  /** `queue-ticket.lua`: opens the ticket when `open` (rating, joined-at, members, bonus) is given, then reads it. */
  private ticketCall(mode: string, ticketId: string, neighbours: NeighbourQuery, open: (string | number)[]): Promise<(string | number | null)[]> {
    const q = keys.queue;
    return callLua<(string | number | null)[]>(
      this.redis,
      'queue-ticket',
      [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.members(mode)],
      [ticketId, neighbours.range, neighbours.perSide, this.modes.hasTicketWindows(mode) ? 1 : 0, ...open],
    );
  }

  /** Removes an open ticket; a claimed one stays (its match is being created). */
  async removeFromQueue(mode: string, playerId: string): Promise<RemoveResult> {
    const q = keys.queue;
    const reply = await callLua<[number, string?]>(this.redis, 'queue-remove', [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.members(mode)], [playerId]);
    if (reply[0] === 1) return { outcome: 'removed', joinedAt: Number(reply[1]) };
    return reply[0] === 2 ? { outcome: 'claimed' } : { outcome: 'absent' };
  }

  /**
   * Finds the best partner for an open ticket among its rating neighbours (smallest gap inside both windows, then
   * the longest wait) and claims the pair atomically. Null when there is none, or the ticket is no longer open.
   */
  async findMatch(mode: string, self: Ticket, now = Date.now(), nearest?: readonly Ticket[]): Promise<ClaimedMatch | null> {
    // The caller has just opened `self`; the claim script re-checks that it is still open.
    if (!this.modes.isOneVsOne(mode)) return null;
    const excluded = new Set<string>();
    const policy = this.modes.policy(mode);
    for (let attempt = 0; attempt < JOIN_CLAIM_ATTEMPTS; attempt++) {
      const window = windowOf(self, waitedSeconds(self.joinedAt, now), policy);
      // The first attempt uses the neighbours read when the ticket opened (nearest first on each side, so those
      // inside the window are the nearest in it); a retry reads again (none once the ticket is no longer open).
      const around =
        attempt === 0 && nearest
          ? nearest.filter((c) => Math.abs(c.rating - self.rating) <= window)
          : (await this.snapshot(mode, self.playerId, { range: window, perSide: JOIN_CANDIDATES_PER_SIDE })).neighbours;
      const candidates = around.filter((c) => !excluded.has(c.playerId));
      const best = bestPartner(self, candidates, now, policy);
      if (!best) return null;
      const [result] = await this.claimPairs(mode, [best], now);
      if (result.status === 'claimed') return result.match;
      if (result.status === 'first_gone') return null;
      excluded.add(best.b.playerId);
    }
    return null;
  }

  /** Claims pairs atomically (each pair all-or-nothing); the result has one entry per pair, in order. */
  async claimPairs(
    mode: string,
    pairs: readonly Pair[],
    now = Date.now(),
  ): Promise<({ status: 'claimed'; match: ClaimedMatch } | { status: 'first_gone' | 'second_gone' })[]> {
    const q = keys.queue;
    const batches: Pair[][] = [];
    for (let start = 0; start < pairs.length; start += CLAIM_BATCH) batches.push(pairs.slice(start, start + CLAIM_BATCH));
    // All batches are sent at once: Redis runs them one after the other, the client encodes the next meanwhile.
    const replies = await Promise.all(
      batches.map((batch) => {
        const args: (string | number)[] = [now];
        for (const pair of batch) args.push(pair.a.playerId, pair.b.playerId, this.nextClaimId());
        return callLua<(number | string)[]>(this.redis, 'queue-claim', [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.claims(mode)], args).then(
          (reply) => ({ reply, args }),
        );
      }),
    );
    const out: ({ status: 'claimed'; match: ClaimedMatch } | { status: 'first_gone' | 'second_gone' })[] = [];
    batches.forEach((batch, b) => {
      const { reply, args } = replies[b];
      batch.forEach((pair, i) => {
        const status = Number(reply[i * 5]);
        if (status !== 1) {
          out.push({ status: status === 2 ? 'second_gone' : 'first_gone' });
          return;
        }
        // The stored tickets are the truth (a re-join may have changed the rating since the snapshot).
        const a: Ticket = { playerId: pair.a.playerId, rating: Number(reply[i * 5 + 1]), joinedAt: Number(reply[i * 5 + 2]) };
        const b: Ticket = { playerId: pair.b.playerId, rating: Number(reply[i * 5 + 3]), joinedAt: Number(reply[i * 5 + 4]) };
        const claimId = String(args[1 + i * 3 + 2]);
        out.push({
          status: 'claimed',
          match: { mode, claimId, claimedAt: now, a, b, gap: Math.abs(a.rating - b.rating), windowA: pair.windowA, windowB: pair.windowB },
        });
      });
    });
    return out;
  }

  /**
   * Claims whole team matches atomically (each match all-or-nothing); the result has one entry per match, in order:
   * the claimed match with the stored tickets, or null when one of its tickets was no longer open.
   */
  async claimTeamMatches(mode: string, matches: readonly FormedMatch[], now = Date.now()): Promise<(ClaimedTeamMatch | null)[]> {
    const q = keys.queue;
    const batches: FormedMatch[][] = [];
    let current: FormedMatch[] = [];
    let count = 0;
    for (const match of matches) {
      const size = match.teams.reduce((s, t) => s + t.length, 0);
      if (count + size > TEAM_CLAIM_BATCH_TICKETS && current.length > 0) {
        batches.push(current);
        current = [];
        count = 0;
      }
      current.push(match);
      count += size;
    }
    if (current.length > 0) batches.push(current);

    const results = await Promise.all(
      batches.map(async (batch) => {
        const args: (string | number)[] = [now];
        const ids = batch.map(() => this.nextClaimId());
        batch.forEach((match, m) => {
          const tickets = match.teams.flat();
          args.push(ids[m], tickets.length, ...tickets.map((t) => t.playerId));
        });
        const reply = await callLua<string[] | number[]>(this.redis, 'queue-claim-match', [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.claims(mode)], args);
        const out: (ClaimedTeamMatch | null)[] = [];
        let at = 0;
        batch.forEach((match, m) => {
          const ok = Number(reply[at++]) === 1;
          const teams = match.teams.map((team) =>
            team.map((t) => {
              const stored: Ticket = { ...t, rating: Number(reply[at]), joinedAt: Number(reply[at + 1]) };
              at += 2;
              return stored;
            }),
          );
          out.push(ok ? { mode, claimId: ids[m], claimedAt: now, teams, members: new Map(), imbalance: match.imbalance, spread: match.spread } : null);
        });
        return out;
      }),
    );
    const claimed = results.flat();
    // Party tickets' members, read once for every claimed match (the entries stay until the claim is released).
    const partyIds = claimed.flatMap((m) => (m ? m.teams.flat().filter((t) => (t.size ?? 1) > 1).map((t) => t.playerId) : []));
    const lists = partyIds.length > 0 ? await this.redis.hmget(q.members(mode), ...partyIds) : [];
    const byParty = new Map(partyIds.map((id, i) => [id, lists[i] ? lists[i]!.split(',') : []]));
    for (const match of claimed) {
      if (!match) continue;
      for (const t of match.teams.flat()) match.members.set(t.playerId, byParty.get(t.playerId) ?? [t.playerId]);
    }
    return claimed;
  }

  /** Players of the given tickets: a party ticket's members, else the ticket's own player. */
  async membersOf(mode: string, ticketIds: readonly string[]): Promise<Map<string, string[]>> {
    if (ticketIds.length === 0) return new Map();
    const lists = await this.redis.hmget(keys.queue.members(mode), ...ticketIds);
    return new Map(ticketIds.map((id, i) => [id, lists[i] ? lists[i]!.split(',') : [id]]));
  }

  /** Re-opens a claimed ticket with its original rating and join time (if the claim is still `claimId`). */
  async requeue(mode: string, playerId: string, claimId: string): Promise<boolean> {
    const q = keys.queue;
    const reply = await callLua<number>(
      this.redis,
      'queue-requeue',
      [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.claims(mode)],
      [playerId, claimId],
    );
    return reply === 1;
  }

  /** Ends the claim on the given tickets (match settled); records measured waits when given. Returns how many ended. */
  async release(mode: string, claimId: string, playerIds: string[], waits: WaitSample[] = []): Promise<number> {
    const q = keys.queue;
    const entries = waits.map((w) => `${w.rating}|${Math.round(w.waitSeconds * 1000)}`);
    return callLua<number>(
      this.redis,
      'queue-release',
      [q.tickets(mode), q.claims(mode), q.recentWaits(mode), q.members(mode)],
      [claimId, RECENT_WAITS_CAP, playerIds.length, ...playerIds, ...entries],
    );
  }

  /** Removes open tickets that joined at or before `cutoff` (at most `limit` per call), with each ticket's players. */
  async expire(mode: string, cutoff: number, limit: number): Promise<(Ticket & { players: string[] })[]> {
    const q = keys.queue;
    const reply = await callLua<string[]>(this.redis, 'queue-expire', [q.ratings(mode), q.joinedAt(mode), q.tickets(mode), q.members(mode)], [cutoff, limit]);
    const out: (Ticket & { players: string[] })[] = [];
    for (let i = 0; i + 3 < reply.length; i += 4) {
      const players = reply[i + 3] ? reply[i + 3].split(',') : [reply[i]];
      out.push({ playerId: reply[i], rating: Number(reply[i + 1]), joinedAt: Number(reply[i + 2]), players, ...(players.length > 1 || reply[i + 3] ? { size: players.length } : {}) });
    }
    return out;
  }

  /**
   * Whether the mode has anything a matchmaker tick works on: an open ticket (to pair or expire; every script changes
   * both open-ticket sets together, so `size` counts them), or a claim made at or before `staleCutoff` (epoch ms; to
   * recover). Two counts, sent with the caller's other commands.
   */
  async hasTicketsToTick(mode: string, staleCutoff: number): Promise<boolean> {
    const [open, stale] = await Promise.all([this.size(mode), this.redis.zcount(keys.queue.claims(mode), '-inf', staleCutoff)]);
    return open > 0 || stale > 0;
  }

  /** Claimed tickets whose claim is older than `cutoff`: their match was abandoned half-way (a crashed replica). */
  async staleClaims(mode: string, cutoff: number, limit: number): Promise<TicketRecord[]> {
    const ids = await this.redis.zrangebyscore(keys.queue.claims(mode), '-inf', cutoff, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(keys.queue.tickets(mode), ...ids);
    return ids.flatMap((id, i) => (values[i] ? [parseTicket(id, values[i]!)] : []));
  }

  /**
   * All open tickets of a mode in rating order (ties by player id), read in one consistent snapshot; in a mode whose
   * pool has uncertainty, each with its window bonus (read from the tickets of record, which Elo modes skip).
   */
  async openTickets(mode: string): Promise<Ticket[]> {
    const q = keys.queue;
    const withWindows = this.modes.hasTicketWindows(mode);
    const read = this.redis.multi().zrange(q.ratings(mode), 0, -1, 'WITHSCORES').zrange(q.joinedAt(mode), 0, -1, 'WITHSCORES').hgetall(q.members(mode));
    if (withWindows) read.hgetall(q.tickets(mode));
    const results = await read.exec();
    if (!results) return [];
    for (const [error] of results) if (error) throw error;
    const byRating = results[0][1] as string[];
    const byJoin = results[1][1] as string[];
    const joined = new Map<string, number>();
    for (let i = 0; i < byJoin.length; i += 2) joined.set(byJoin[i], Number(byJoin[i + 1]));
    const parties = results[2][1] as Record<string, string>;
    const tickets: Ticket[] = new Array(byRating.length / 2);
    for (let i = 0, t = 0; i < byRating.length; i += 2, t++) {
      tickets[t] = { playerId: byRating[i], rating: Number(byRating[i + 1]), joinedAt: joined.get(byRating[i]) ?? 0 };
      const members = parties[byRating[i]];
      if (members) tickets[t].size = members.split(',').length;
    }
    if (withWindows) {
      const records = results[3][1] as Record<string, string>;
      for (const ticket of tickets) {
        const bonus = bonusOf(records[ticket.playerId]);
        if (bonus > 0) ticket.windowBonus = bonus;
      }
    }
    return tickets;
  }

  /** The player's ticket of record in a mode (open or claimed), or null. */
  async ticket(mode: string, playerId: string): Promise<TicketRecord | null> {
    const value = await this.redis.hget(keys.queue.tickets(mode), playerId);
    return value ? parseTicket(playerId, value) : null;
  }

  async size(mode: string): Promise<number> {
    return this.redis.zcard(keys.queue.joinedAt(mode));
  }

  /** Recent measured waits of the mode, newest first. */
  async recentWaits(mode: string): Promise<WaitSample[]> {
    const entries = await this.redis.lrange(keys.queue.recentWaits(mode), 0, RECENT_WAITS_CAP - 1);
    return entries.map((entry) => {
      const [rating, waitMs] = entry.split('|');
      return { rating: Number(rating), waitSeconds: Number(waitMs) / 1000 };
    });
  }

  /** Takes the per-mode matchmaker lease for `ttlMs` unless another replica holds it. */
  async takeLease(mode: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(keys.queue.lease(mode), holder, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Modes with a queue: the registry (so replicas serve queues opened by others) plus the given ones. */
  async activeModes(): Promise<string[]> {
    const registered = await this.redis.smembers(keys.queueModes());
    return [...new Set([...this.modes.names, ...registered])];
  }

  private async registerMode(mode: string): Promise<void> {
    if (this.knownModes.has(mode)) return;
    await this.redis.sadd(keys.queueModes(), mode);
    this.knownModes.add(mode);
  }

  private nextClaimId(): string {
    this.claimCounter = (this.claimCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.claimPrefix}${this.claimCounter.toString(36)}`;
  }
}

/** A ticket of record: "rating|joined|claim|opponent", with a 5th field "|bonus" when it has a window bonus. */
export function parseTicket(playerId: string, value: string): TicketRecord {
  const [rating, joinedAt, claimId, opponentId, bonus] = value.split('|');
  const record: TicketRecord = { playerId, rating: Number(rating), joinedAt: Number(joinedAt), claimId: claimId || null, opponentId: opponentId || null };
  const windowBonus = Number(bonus);
  if (windowBonus > 0) record.windowBonus = windowBonus;
  return record;
}

/** The window bonus of a ticket of record (0 for none, an old 4-field value, or no ticket). */
function bonusOf(value: string | undefined): number {
  if (!value) return 0;
  const bonus = Number(value.split('|')[4]);
  return bonus > 0 ? bonus : 0;
}

/** Neighbours as the scripts return them: triples (player, rating, joined-at), or with windows quadruples (+ bonus). */
function tickets(reply: string[], from: number, withWindows: boolean): Ticket[] {
  const out: Ticket[] = [];
  const stride = withWindows ? 4 : 3;
  for (let i = from; i + stride - 1 < reply.length; i += stride) {
    const ticket: Ticket = { playerId: reply[i], rating: Number(reply[i + 1]), joinedAt: Number(reply[i + 2]) };
    if (withWindows && Number(reply[i + 3]) > 0) ticket.windowBonus = Number(reply[i + 3]);
    out.push(ticket);
  }
  return out;
}
