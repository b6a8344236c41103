import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor } from '@libs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AuthGuard } from '../auth/auth.guard';
import { JwtStrategy } from '../auth/jwt.strategy';
import { EventTickets } from './event-tickets';
import { InvalidStreamTicketError } from './events.errors';

/**
 * The stream accepts what every route accepts (Bearer token, X-Server-Key) and, because EventSource cannot send
 * headers, a one-time `?ticket=`. The route is public to the global guard; this guard does the authentication.
 */
@Injectable()
export class EventStreamGuard extends AuthGuard {
  constructor(
    reflector: Reflector,
    jwt: JwtStrategy,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tickets: EventTickets,
  ) {
    super(reflector, jwt, config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const ticket = (request.query as Record<string, unknown> | undefined)?.ticket;
    const hasHeaderCredentials = request.headers.authorization !== undefined || request.headers['x-server-key'] !== undefined;
    if (typeof ticket !== 'string' || hasHeaderCredentials) return this.authenticate(context);
    const holder = await this.tickets.redeem(ticket);
    if (!holder) throw new InvalidStreamTicketError();
    request.actor = { role: 'player', playerId: holder.playerId, tokenId: 'stream-ticket', expiresAt: 0, familyId: holder.familyId };
    return true;
  }
}
