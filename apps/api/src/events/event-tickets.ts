import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { keys, REDIS, RedisClient } from '@libs/redis';

export interface IssuedTicket {
  ticket: string;
  expires_in: number;
}

/** Who a redeemed ticket stands for: the player and the refresh-token family of the token that asked for it. */
export interface TicketHolder {
  playerId: string;
  familyId: string | null;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;

/**
 * One-time stream tickets for clients that cannot send headers (browsers' EventSource): issued to a Bearer caller,
 * redeemed once (GETDEL, atomic across replicas) within EVENTS_TICKET_TTL_SECONDS.
 */
@Injectable()
export class EventTickets {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(holder: TicketHolder): Promise<IssuedTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const ttl = this.config.events.ticketTtlSeconds;
    await this.redis.set(keys.events.ticket(ticket), JSON.stringify(holder), 'EX', ttl);
    return { ticket, expires_in: ttl };
  }

  /** The holder, or null when the ticket is unknown, used or expired. */
  async redeem(ticket: string): Promise<TicketHolder | null> {
    if (!TICKET.test(ticket)) return null;
    const raw = await this.redis.getdel(keys.events.ticket(ticket));
    return raw ? (JSON.parse(raw) as TicketHolder) : null;
  }
}
