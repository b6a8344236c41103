import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';

/** A party as stored: members in join order (longest-standing first). */
export interface Party {
  id: string;
  leaderId: string;
  inviteCode: string;
  maxSize: number;
  createdAt: number;
  /** Player ids, longest-standing first. */
  members: string[];
}

export type JoinOutcome = 'joined' | 'member' | 'gone' | 'forbidden' | 'full';
export type LeaveOutcome = { outcome: 'absent' } | { outcome: 'disbanded' } | { outcome: 'left'; leaderId: string };

export const PARTY_ID = /^party_[0-9a-f]{20}$/;

/**
 * Parties in Redis: `party:{id}` (hash) and `party:{id}:members` (sorted set by join time) share the party's hash tag,
 * so each membership change is one cluster-safe script; `player:{id}:party` (the player's tag) is claimed with SET NX
 * first, so a player is in at most one party. Every key carries the party's idle TTL, refreshed by each change.
 */
@Injectable()
export class PartyStore implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'party-join', 2);
    defineLuaCommand(this.redis, __dirname, 'party-leave', 2);
  }

  newId(): string {
    return `party_${randomBytes(10).toString('hex')}`;
  }

  newInviteCode(): string {
    return randomBytes(8).toString('hex');
  }

  /** Points the player at `partyId` unless they already point at a party; returns the party they point at instead. */
  async claimPlayer(playerId: string, partyId: string, ttlSeconds: number): Promise<string | null> {
    const key = keys.playerParty(playerId);
    if ((await this.redis.set(key, partyId, 'EX', ttlSeconds, 'NX')) === 'OK') return null;
    return (await this.redis.get(key)) ?? partyId;
  }

  /** Clears the player's party pointer if it still points at `partyId`. */
  async releasePlayer(playerId: string, partyId: string): Promise<void> {
    const key = keys.playerParty(playerId);
    if ((await this.redis.get(key)) === partyId) await this.redis.del(key);
  }

  /** The key of the player's party pointer (in the player's hash slot), for a script that must see it absent. */
  pointerKey(playerId: string): string {
    return keys.playerParty(playerId);
  }

  async pointerOf(playerId: string): Promise<string | null> {
    return this.redis.get(keys.playerParty(playerId));
  }

  async touchPlayers(playerIds: readonly string[], ttlSeconds: number): Promise<void> {
    await Promise.all(playerIds.map((id) => this.redis.expire(keys.playerParty(id), ttlSeconds)));
  }

  async create(party: Party, ttlSeconds: number): Promise<void> {
    const results = await this.redis
      .multi()
      .hset(keys.party(party.id), {
        leader_id: party.leaderId,
        invite_code: party.inviteCode,
        max_size: String(party.maxSize),
        created_at: String(party.createdAt),
      })
      .zadd(keys.partyMembers(party.id), party.createdAt, party.leaderId)
      .expire(keys.party(party.id), ttlSeconds)
      .expire(keys.partyMembers(party.id), ttlSeconds)
      .exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  async read(partyId: string): Promise<Party | null> {
    const results = await this.redis.multi().hgetall(keys.party(partyId)).zrange(keys.partyMembers(partyId), 0, -1).exec();
    if (!results) return null;
    for (const [error] of results) if (error) throw error;
    const hash = results[0][1] as Record<string, string>;
    const members = results[1][1] as string[];
    if (!hash.leader_id || members.length === 0) return null;
    return {
      id: partyId,
      leaderId: hash.leader_id,
      inviteCode: hash.invite_code,
      maxSize: Number(hash.max_size),
      createdAt: Number(hash.created_at),
      members,
    };
  }

  async join(partyId: string, playerId: string, inviteCode: string, now: number, ttlSeconds: number): Promise<JoinOutcome> {
    return callLua<JoinOutcome>(this.redis, 'party-join', [keys.party(partyId), keys.partyMembers(partyId)], [playerId, inviteCode, now, ttlSeconds]);
  }

  async leave(partyId: string, playerId: string, ttlSeconds: number): Promise<LeaveOutcome> {
    const [outcome, leaderId] = await callLua<string[]>(this.redis, 'party-leave', [keys.party(partyId), keys.partyMembers(partyId)], [playerId, ttlSeconds]);
    if (outcome === 'left') return { outcome, leaderId };
    return { outcome: outcome as 'absent' | 'disbanded' };
  }

  /** Refreshes the idle TTL of the party's keys (queueing counts as activity). */
  async touch(partyId: string, ttlSeconds: number): Promise<void> {
    await this.redis.multi().expire(keys.party(partyId), ttlSeconds).expire(keys.partyMembers(partyId), ttlSeconds).exec();
  }
}
