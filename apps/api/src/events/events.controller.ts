import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CurrentActor, PlayerActor, Public, Roles } from '@libs/common';
import { BEARER, SERVER_KEY } from '../swagger';
import { StreamQueryDto, StreamTicketDto } from './dto/events.dto';
import { EventHub } from './event-hub';
import { EventStreamGuard } from './event-stream.guard';
import { EventTickets } from './event-tickets';

const STREAM_DESCRIPTION = [
  'Server-Sent Events (`text/event-stream`). Players get their own stream (Bearer token, or `?ticket=` from',
  '`POST /api/v1/events/ticket`); game servers (`X-Server-Key`) get the server stream. Each event has an `id`, an',
  '`event` name and JSON `data` with a `trace_id`; a `: ping` comment comes every EVENTS_HEARTBEAT_SECONDS.',
  'Reconnect with `Last-Event-ID` (or `?last_event_id=`) to receive every missed event first; an id older than the',
  'retained history yields `events_lost` (resynchronise with the REST endpoints). Player events: `queue.joined`,',
  '`queue.left`, `match.accept_required`, `match.cancelled`, `match.found`, `session.invited`, `session.updated`, `session.ended`,',
  '`rating.changed`, `party.updated`; server events: `session.created`, `session.updated`, `session.ended`. Payloads:',
  'docs/events.md.',
].join(' ');

@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly hub: EventHub,
    private readonly tickets: EventTickets,
  ) {}

  @Post('ticket')
  @HttpCode(201)
  @Roles('player')
  @ApiBearerAuth(BEARER)
  @ApiOperation({ operationId: 'createEventStreamTicket', summary: 'A one-time ticket to open the event stream without headers (EventSource)' })
  @ApiCreatedResponse({ type: StreamTicketDto, description: 'A single-use ticket for `GET /api/v1/events?ticket=`' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid access token', example: 'Missing or invalid access token' })
  @ApiForbiddenResponse({ description: 'Not a player token', example: 'This endpoint is for the player role' })
  ticket(@CurrentActor() actor: PlayerActor): Promise<StreamTicketDto> {
    return this.tickets.issue({ playerId: actor.playerId, familyId: actor.familyId });
  }

  @Get()
  @Public()
  @UseGuards(EventStreamGuard)
  @ApiBearerAuth(BEARER)
  @ApiSecurity(SERVER_KEY)
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Id of the last event received; missed events are replayed first' })
  @ApiOperation({ operationId: 'openEventStream', summary: 'Real-time event stream (SSE) for a player or the game servers', description: STREAM_DESCRIPTION })
  @ApiOkResponse({
    description: 'An open event stream, until the client disconnects or the replica shuts down',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 1796057321106-7\nevent: match.found\ndata: {"session_id":"6660a1b2c3d4e5f601234567","mode":"ranked_1v1","teams":[[{"player_id":"665f1c2b9d3e4a0012345678","username":"nova_striker","rating":1216}],[{"player_id":"665f1c2b9d3e4a0012345679","username":"iron_falcon","rating":1190}]],"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}\n\n' } } },
  })
  @ApiBadRequestResponse({ description: 'Unknown query parameters, or a ticket or last_event_id that is too long', example: 'last_event_id must be shorter than or equal to 64 characters' })
  @ApiUnauthorizedResponse({ description: 'No valid token, server key or ticket (tickets are single use)', example: 'Stream ticket is unknown, already used or expired' })
  @ApiServiceUnavailableResponse({ description: 'This replica is shutting down (reconnect), or Redis is unavailable', example: 'This replica is shutting down; reconnect' })
  stream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: StreamQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const owner = actor.role === 'player' ? { kind: 'player' as const, playerId: actor.playerId } : { kind: 'server' as const };
    return this.hub.open(owner, lastEventId ?? query.last_event_id ?? null, reply, request.traceId);
  }
}
