import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
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
import { Actor, CurrentActor, ParseObjectIdPipe } from '@libs/common';
import { BEARER, SERVER_KEY } from '../swagger';
import { CreateSessionDto } from './dto/create-session.dto';
import { DeletedSessionDto, SessionDto } from './dto/session.response';
import { UpdateSessionDto } from './dto/update-session.dto';
import { SessionsService } from './sessions.service';

const SESSION_ID = { name: 'id', example: '6660a1b2c3d4e5f601234567', description: 'Session id (24 hex characters)' };

@ApiTags('sessions')
@ApiBearerAuth(BEARER)
@ApiSecurity(SERVER_KEY)
@ApiUnauthorizedResponse({ description: 'Missing or invalid credentials' })
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('create')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a waiting session (game server, or a player who is one of player_ids)' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiBadRequestResponse({ description: 'Not 2..16 players, malformed or duplicate ids, bad mode or state' })
  @ApiForbiddenResponse({ description: 'A player creating a session they are not part of' })
  @ApiNotFoundResponse({ description: 'Unknown player id(s)' })
  @ApiConflictResponse({ description: 'A player is already in an unfinished session (or queued); the message names the player' })
  @ApiPayloadTooLargeResponse({ description: 'state is over 16 KiB serialized' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateSessionDto): Promise<SessionDto> {
    return this.sessions.create(actor, body);
  }

  @Get(':id/state')
  @ApiOperation({ summary: "A session's state, players, version and recent history (participants and game servers)" })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: SessionDto })
  @ApiBadRequestResponse({ description: 'Malformed session id' })
  @ApiForbiddenResponse({ description: 'Not a participant of this session' })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<SessionDto> {
    return this.sessions.getForActor(actor, id);
  }

  @Put(':id/update')
  @ApiOperation({ summary: 'Change status and/or state; optional version for optimistic concurrency' })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: SessionDto })
  @ApiBadRequestResponse({ description: 'Malformed id or body, or nothing to update' })
  @ApiForbiddenResponse({ description: 'Not a participant of this session' })
  @ApiNotFoundResponse({ description: 'Unknown or deleted session' })
  @ApiConflictResponse({ description: 'Invalid status transition (names both statuses), stale version, or session finished' })
  @ApiPayloadTooLargeResponse({ description: 'state is over 16 KiB serialized' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateSessionDto): Promise<SessionDto> {
    return this.sessions.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a session: frees its players and removes its hot data; an unfinished session ends as abandoned',
  })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: DeletedSessionDto })
  @ApiBadRequestResponse({ description: 'Malformed session id' })
  @ApiForbiddenResponse({ description: 'Not a participant of this session' })
  @ApiNotFoundResponse({ description: 'Unknown or already deleted session' })
  remove(@CurrentActor() actor: Actor, @Param('id', ParseObjectIdPipe) id: string): Promise<DeletedSessionDto> {
    return this.sessions.remove(actor, id);
  }
}
