import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, ParseObjectIdPipe, Roles } from '@libs/common';
import { BEARER, SERVER_KEY } from '../swagger';
import { CreateSessionDto } from './dto/create-session.dto';
import { ACCEPTED_SESSION_EXAMPLES, CREATED_SESSION_EXAMPLES, DeletedSessionDto, SessionDto } from './dto/session.response';
import { UpdateSessionDto } from './dto/update-session.dto';
import { SessionInvitations } from './session-invitations';
import { SessionsService } from './sessions.service';

const SESSION_ID = { name: 'id', example: '6660a1b2c3d4e5f601234567', description: 'Session id (24 hexadecimal characters)' };
const MALFORMED_ID = 'id must be a 24-character hexadecimal string';

@ApiTags('sessions')
@ApiBearerAuth(BEARER)
@ApiSecurity(SERVER_KEY)
@ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', example: 'Missing or invalid access token' })
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly invitations: SessionInvitations,
  ) {}

  @Post('create')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createSession',
    summary: 'Create a session (game server, or a player who is one of player_ids)',
    description:
      "A game server's session is `waiting` with every player placed at once. A player's session (`origin: player`) only " +
      'invites the other players: it is `pending_acceptance`, nobody is placed or blocked until every invitee accepts ' +
      '(`POST /api/v1/sessions/{id}/accept`) within SESSION_INVITE_TTL_SECONDS; a decline, the deadline or a delete ' +
      "cancels it. Its results change ratings only where the mode's `player_sessions_rated` allows.",
  })
  @ApiBody({
    type: CreateSessionDto,
    // player_ids and teams exclude each other, so the example composed from both properties would be refused.
    examples: {
      players: { summary: 'Players (one per team)', value: { player_ids: ['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a0012345679'], mode: 'ranked_1v1', state: { map: 'dust' } } },
      teams: {
        summary: 'Teams',
        value: {
          teams: [['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a001234567a'], ['665f1c2b9d3e4a0012345679', '665f1c2b9d3e4a001234567b']],
          mode: 'ranked_2v2',
          state: { map: 'dust', round: 0 },
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: SessionDto,
    description: 'The new session, version 1: `waiting` (game server) or `pending_acceptance` (player)',
    examples: CREATED_SESSION_EXAMPLES,
  })
  @ApiBadRequestResponse({ description: 'Not 2..16 players, malformed or duplicate ids, bad mode or state', example: 'player_ids must hold 2 to 16 players (got 1)' })
  @ApiForbiddenResponse({ description: 'A player creating a session they are not part of', example: "Only the session's players or a game server may do this" })
  @ApiNotFoundResponse({ description: 'Unknown player id(s)', example: 'Unknown player: 665f1c2b9d3e4a0012345679' })
  @ApiConflictResponse({
    description: 'A player is already in an unfinished session (or queued); the message names the player',
    example: 'Player 665f1c2b9d3e4a0012345678 is already in unfinished session 6660a1b2c3d4e5f601234567',
  })
  @ApiPayloadTooLargeResponse({ description: 'state is over 16 KiB serialized, or the body over HTTP_BODY_LIMIT_BYTES', example: 'state is 17001 bytes serialized; the limit is 16384' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateSessionDto): Promise<SessionDto> {
    return this.sessions.create(actor, body);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('player')
  @ApiOperation({
    operationId: 'acceptSessionInvitation',
    summary: 'Accept an invitation to a player-created session; the last acceptance places every player',
    description:
      'While others have not answered, the session stays `pending_acceptance`. The last acceptance claims every player ' +
      '(as a game-server session would) and the session becomes `waiting`. If a player became busy meanwhile the answer ' +
      'is 409 naming them, the acceptances are kept and the invitation stays open until its deadline: accepting again ' +
      'retries the placement. Accepting again after that is idempotent (200, the session).',
  })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({
    type: SessionDto,
    description: 'The session: `pending_acceptance` until every invitee accepted, then `waiting`',
    examples: ACCEPTED_SESSION_EXAMPLES,
  })
  @ApiBadRequestResponse({ description: 'Malformed session id', example: MALFORMED_ID })
  @ApiForbiddenResponse({ description: 'Not a player (game servers do not accept invitations)', example: 'This endpoint is for the player role' })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session, or one the caller is not in', example: 'Session 6660a1b2c3d4e5f601234567 not found' })
  @ApiConflictResponse({
    description:
      'The caller has no invitation in it (`NOT_INVITED`: its creator, or a session a game server created), the invitation was ' +
      'declined, expired or deleted (`INVITATION_CANCELLED`), a player is busy in another session or queued (`PLAYER_BUSY`), or ' +
      'it is being placed right now (`SESSION_CONTENDED`, retry)',
    example: 'The invitation to session 6660a1b2c3d4e5f601234567 was cancelled (expired)',
  })
  accept(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<SessionDto> {
    return this.invitations.accept(actor, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('player')
  @ApiOperation({
    operationId: 'declineSessionInvitation',
    summary: 'Decline an invitation: the session is cancelled for everyone and nobody is placed or counted as abandoned',
    description: 'Any player of a `pending_acceptance` session may decline (its creator withdraws it). Declining a cancelled session again answers the same.',
  })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: DeletedSessionDto, description: 'Cancelled: `status` is `cancelled`', example: { session_id: '6660a1b2c3d4e5f601234567', status: 'cancelled' } })
  @ApiBadRequestResponse({ description: 'Malformed session id', example: MALFORMED_ID })
  @ApiForbiddenResponse({ description: 'Not a player (game servers do not answer invitations)', example: 'This endpoint is for the player role' })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session, or one the caller is not in', example: 'Session 6660a1b2c3d4e5f601234567 not found' })
  @ApiConflictResponse({
    description: 'Everyone accepted already (`INVITATION_ACCEPTED`: leave with DELETE), the session has no invitation (`NOT_INVITED`), or it is being placed right now (`SESSION_CONTENDED`)',
    example: 'Every invitation to session 6660a1b2c3d4e5f601234567 was accepted; delete the session to leave it',
  })
  decline(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<DeletedSessionDto> {
    return this.invitations.decline(actor, id);
  }

  @Get(':id/state')
  @ApiOperation({ operationId: 'getSessionState', summary: "A session's state, players, version and recent history (participants and game servers)" })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: SessionDto, description: 'The session' })
  @ApiBadRequestResponse({ description: 'Malformed session id', example: MALFORMED_ID })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session, or one the caller is not in', example: 'Session 6660a1b2c3d4e5f601234567 not found' })
  // The body is the session's JSON (a SessionDto) as stored with its hot copy, sent without re-serializing.
  @Header('Content-Type', 'application/json; charset=utf-8')
  get(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<string> {
    return this.sessions.getAnswerForActor(actor, id);
  }

  @Put(':id/update')
  @ApiOperation({ operationId: 'updateSession', summary: 'Change status and/or state; optional version for optimistic concurrency' })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: SessionDto, description: 'The session after the change (version bumped)' })
  @ApiBadRequestResponse({ description: 'Malformed id or body, or nothing to update', example: 'Give status and/or state to update' })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session, or one the caller is not in', example: 'Session 6660a1b2c3d4e5f601234567 not found' })
  @ApiConflictResponse({
    description: 'Invalid status transition (names both statuses), stale version, session finished, or invitations still pending',
    example: 'Cannot change session status from completed to active',
  })
  @ApiPayloadTooLargeResponse({ description: 'state is over 16 KiB serialized, or the body over HTTP_BODY_LIMIT_BYTES', example: 'state is 17001 bytes serialized; the limit is 16384' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateSessionDto): Promise<SessionDto> {
    return this.sessions.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deleteSession',
    summary: 'Close a session: frees its players and removes its hot data; an unfinished session ends as abandoned',
  })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: DeletedSessionDto, description: 'Closed; `status` is the final status (`cancelled` for a session still waiting for acceptances)' })
  @ApiBadRequestResponse({ description: 'Malformed session id', example: MALFORMED_ID })
  @ApiNotFoundResponse({ description: 'Unknown or already deleted session, or one the caller is not in', example: 'Session 6660a1b2c3d4e5f601234567 not found' })
  @ApiConflictResponse({
    description: 'The session kept changing concurrently for too long, or its invitation is being placed right now (`SESSION_CONTENDED`); retry',
    example: 'Session 6660a1b2c3d4e5f601234567 is being changed concurrently; retry',
  })
  remove(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<DeletedSessionDto> {
    return this.sessions.remove(actor, id);
  }
}
