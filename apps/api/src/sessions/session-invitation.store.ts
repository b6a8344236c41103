import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { callLua, defineLuaCommand, keys, REDIS, RedisClient } from '@libs/redis';

/** What one invitation transition found or did (see session-invitation.lua). */
export type InvitationOutcome =
  | { kind: 'opened' | 'exists' | 'missing' | 'accepted' | 'not_invited' | 'place' | 'placing' | 'placed' | 'released' | 'lost' | 'pending' }
  | { kind: 'cancelled'; reason: string };

/** The record outlives its deadline this long, so late answers still meet "cancelled" or "placed", not "missing". */
const KEEP_AFTER_EXPIRY_MS = 24 * 3600 * 1000;
/** A caller claiming the players of a fully accepted invitation holds it this long (far above a placement's work). */
export const PLACING_LEASE_MS = 30_000;

/**
 * Redis side of invitations (`sessions:{id}:invitation`, one key per session): the arbiter of accept, decline, cancel
 * and expiry across replicas. MongoDB keeps the durable session (status pending_acceptance, then waiting or cancelled).
 */
@Injectable()
export class SessionInvitationStore implements OnModuleInit {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onModuleInit(): void {
    defineLuaCommand(this.redis, __dirname, 'session-invitation', 1);
  }

  open(sessionId: string, inviteeIds: string[], expiresAt: Date): Promise<InvitationOutcome> {
    return this.run(sessionId, 'open', [inviteeIds.join(','), expiresAt.getTime(), KEEP_AFTER_EXPIRY_MS]);
  }

  accept(sessionId: string, playerId: string, placer: string): Promise<InvitationOutcome> {
    return this.run(sessionId, 'accept', [playerId, placer, PLACING_LEASE_MS]);
  }

  decline(sessionId: string, playerId: string): Promise<InvitationOutcome> {
    return this.run(sessionId, 'decline', [playerId]);
  }

  /** `expired` cancels only an invitation past its deadline; `deleted` any pending one. */
  cancel(sessionId: string, reason: 'deleted' | 'expired'): Promise<InvitationOutcome> {
    return this.run(sessionId, 'cancel', [reason, KEEP_AFTER_EXPIRY_MS]);
  }

  placed(sessionId: string, placer: string): Promise<InvitationOutcome> {
    return this.run(sessionId, 'placed', [placer]);
  }

  release(sessionId: string, placer: string): Promise<InvitationOutcome> {
    return this.run(sessionId, 'release', [placer]);
  }

  private async run(sessionId: string, op: string, args: (string | number)[]): Promise<InvitationOutcome> {
    const [kind, detail] = await callLua<[string, string]>(this.redis, 'session-invitation', [keys.sessionInvitation(sessionId)], [op, Date.now(), ...args]);
    return kind === 'cancelled' ? { kind, reason: detail } : ({ kind } as InvitationOutcome);
  }
}
