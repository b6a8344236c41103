import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { DomainEvents } from '@libs/domain-events';
import { AppLogger, ServiceLogger } from '@libs/logging';
import { PlayerRepository } from '../players/player.repository';
import { PlayerStatsCache } from '../players/player-stats.cache';
import {
  AlreadyInPartyError,
  InvalidPartyIdError,
  NotInPartyError,
  NotPartyMemberError,
  PartyFullError,
  PartyMemberNotFoundError,
  PartyNotFoundError,
  WrongInviteCodeError,
} from './parties.errors';
import { Party, PARTY_ID, PartyStore } from './party.store';

export interface PartyMemberView {
  player_id: string;
  username: string;
  rating: number;
}

export interface PartyView {
  party_id: string;
  leader_id: string;
  members: PartyMemberView[];
  invite_code: string;
  max_size: number;
  created_at: string;
}

/** A membership change, told to every listener once it has happened (the matchmaking queue drops the party's ticket). */
export interface PartyChange {
  partyId: string;
  reason: 'member_joined' | 'member_left' | 'member_removed' | 'party_disbanded';
  playerId: string;
  /** Members before the change. */
  previousMembers: string[];
}

export type PartyChangeListener = (change: PartyChange) => Promise<void>;

/** Parties: create, join with the invite code, leave or be removed, read. State lives in Redis (PartyStore). */
@Injectable()
export class PartiesService {
  private readonly log: ServiceLogger;
  private readonly listeners: PartyChangeListener[] = [];
  private readonly ttlSeconds: number;
  private readonly maxSize: number;

  constructor(
    private readonly store: PartyStore,
    private readonly players: PlayerRepository,
    private readonly stats: PlayerStatsCache,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('party');
    this.ttlSeconds = config.parties.idleTtlSeconds;
    this.maxSize = config.parties.maxSize;
  }

  /** Features that react to membership changes subscribe here (data flows from them to parties, never back). */
  onChange(listener: PartyChangeListener): void {
    this.listeners.push(listener);
  }

  async create(playerId: string): Promise<PartyView> {
    const party: Party = {
      id: this.store.newId(),
      leaderId: playerId,
      inviteCode: this.store.newInviteCode(),
      maxSize: this.maxSize,
      createdAt: Date.now(),
      members: [playerId],
    };
    await this.claim(playerId, party.id);
    try {
      await this.store.create(party, this.ttlSeconds);
    } catch (error) {
      await this.store.releasePlayer(playerId, party.id).catch(() => undefined);
      throw error;
    }
    this.log.info('party_created', { player_id: playerId, details: { party_id: party.id, max_size: party.maxSize } });
    this.events.emit('party.updated', { partyId: party.id, memberIds: [playerId], leaderId: playerId, formerMemberIds: [], reason: 'party_created' });
    return this.view(party);
  }

  async join(partyId: string, playerId: string, inviteCode: string): Promise<PartyView> {
    assertPartyId(partyId);
    const before = await this.store.read(partyId);
    if (!before) throw new PartyNotFoundError(partyId);
    if (before.members.includes(playerId)) return this.view(before);
    await this.claim(playerId, partyId);
    const outcome = await this.store.join(partyId, playerId, inviteCode, Date.now(), this.ttlSeconds).catch(async (error: unknown) => {
      await this.store.releasePlayer(playerId, partyId).catch(() => undefined);
      throw error;
    });
    if (outcome !== 'joined' && outcome !== 'member') {
      await this.store.releasePlayer(playerId, partyId);
      if (outcome === 'gone') throw new PartyNotFoundError(partyId);
      if (outcome === 'forbidden') throw new WrongInviteCodeError();
      throw new PartyFullError(before.maxSize);
    }
    const party = await this.store.read(partyId);
    if (!party) throw new PartyNotFoundError(partyId);
    await this.store.touchPlayers(party.members, this.ttlSeconds);
    this.log.info('party_joined', { player_id: playerId, details: { party_id: partyId, size: party.members.length } });
    await this.notify({ partyId, reason: 'member_joined', playerId, previousMembers: before.members });
    this.events.emit('party.updated', { partyId, memberIds: party.members, leaderId: party.leaderId, formerMemberIds: [], reason: 'member_joined' });
    return this.view(party);
  }

  /** A party seen by one of its members (403 for anyone else). */
  async get(partyId: string, playerId: string): Promise<PartyView> {
    assertPartyId(partyId);
    const party = await this.store.read(partyId);
    if (!party) throw new PartyNotFoundError(partyId);
    if (!party.members.includes(playerId)) throw new NotPartyMemberError();
    return this.view(party);
  }

  async mine(playerId: string): Promise<PartyView> {
    const party = await this.partyOf(playerId);
    if (!party) throw new NotInPartyError();
    return this.view(party);
  }

  /** A member leaves (actor = member) or the leader removes a member. */
  async removeMember(partyId: string, actorId: string, memberId: string): Promise<void> {
    assertPartyId(partyId);
    const before = await this.store.read(partyId);
    if (!before) throw new PartyNotFoundError(partyId);
    if (!before.members.includes(actorId)) throw new NotPartyMemberError();
    if (actorId !== memberId && before.leaderId !== actorId) throw new NotPartyMemberError('Only the leader may remove another member');
    const result = await this.store.leave(partyId, memberId, this.ttlSeconds);
    if (result.outcome === 'absent') throw new PartyMemberNotFoundError(memberId);
    await this.store.releasePlayer(memberId, partyId);
    const reason = result.outcome === 'disbanded' ? 'party_disbanded' : actorId === memberId ? 'member_left' : 'member_removed';
    this.log.info(reason === 'member_removed' ? 'party_member_removed' : reason === 'party_disbanded' ? 'party_disbanded' : 'party_left', {
      player_id: memberId,
      details: { party_id: partyId, by: actorId, leader_id: result.outcome === 'left' ? result.leaderId : null },
    });
    await this.notify({ partyId, reason, playerId: memberId, previousMembers: before.members });
    this.events.emit('party.updated', {
      partyId,
      memberIds: before.members.filter((id) => id !== memberId),
      leaderId: result.outcome === 'left' ? result.leaderId : null,
      formerMemberIds: [memberId],
      reason,
    });
  }

  /**
   * A key that exists while the player may be in a party (their party pointer, in the player's hash slot): a solo queue
   * join moves the player's state only while it is absent (`PlayerStateStore.transitionUnlessExists`).
   */
  membershipKey(playerId: string): string {
    return this.store.pointerKey(playerId);
  }

  /** The player's party, or null; a pointer left by a crash or an expired party is cleared. */
  async partyOf(playerId: string): Promise<Party | null> {
    const partyId = await this.store.pointerOf(playerId);
    if (!partyId) return null;
    const party = await this.store.read(partyId);
    if (party && party.members.includes(playerId)) return party;
    await this.store.releasePlayer(playerId, partyId);
    return null;
  }

  /** Queueing is party activity: keeps the party from expiring while it waits. */
  async touch(party: Party): Promise<void> {
    await Promise.all([this.store.touch(party.id, this.ttlSeconds), this.store.touchPlayers(party.members, this.ttlSeconds)]);
  }

  private async claim(playerId: string, partyId: string): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const other = await this.store.claimPlayer(playerId, partyId, this.ttlSeconds);
      if (other === null || other === partyId) return;
      const party = await this.store.read(other);
      if (party && party.members.includes(playerId)) throw new AlreadyInPartyError(other);
      await this.store.releasePlayer(playerId, other);
    }
    throw new AlreadyInPartyError(partyId);
  }

  private async notify(change: PartyChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        this.log.error('party_change_listener_failed', { details: { error, party_id: change.partyId, reason: change.reason } });
      }
    }
  }

  private async view(party: Party): Promise<PartyView> {
    const [found, cached] = await Promise.all([this.players.findByIds(party.members), Promise.all(party.members.map((id) => this.stats.read(id)))]);
    const byId = new Map(found.map((p) => [p.id, p]));
    return {
      party_id: party.id,
      leader_id: party.leaderId,
      members: party.members.map((id, i) => ({
        player_id: id,
        username: byId.get(id)?.username ?? '',
        rating: cached[i]?.current_rating ?? byId.get(id)?.stats.rating ?? 0,
      })),
      invite_code: party.inviteCode,
      max_size: party.maxSize,
      created_at: new Date(party.createdAt).toISOString(),
    };
  }
}

function assertPartyId(partyId: string): void {
  if (!PARTY_ID.test(partyId)) throw new InvalidPartyIdError();
}
