import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@libs/common';
import { BEARER } from '../swagger';
import { JoinQueueDto } from './dto/join-queue.dto';
import { JoinQueueResponseDto, QUEUE_STATUS_EXAMPLES, QueueModesDto, QueueStatusDto } from './dto/queue.response';
import { QueueJoinService } from './queue-join.service';
import { QueueLeaveService } from './queue-leave.service';
import { QueueStatusService } from './queue-status.service';

type PlayerActor = Extract<Actor, { role: 'player' }>;

/** On the player-only routes (the modes are open to game servers too). */
const NOT_A_PLAYER = { description: 'Not a player token (the queue is for players)', example: 'This endpoint is for the player role' };

@ApiTags('queue')
@ApiBearerAuth(BEARER)
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token', example: 'Missing or invalid access token' })
@Roles('player')
@Controller('api/v1/queue')
export class QueueController {
  constructor(
    private readonly joins: QueueJoinService,
    private readonly leaves: QueueLeaveService,
    private readonly statuses: QueueStatusService,
  ) {}

  @Post('join')
  @HttpCode(200)
  @ApiOperation({ operationId: 'joinQueue', summary: 'Join the matchmaking queue; a partner inside both rating windows is matched at once' })
  @ApiOkResponse({ type: JoinQueueResponseDto, description: 'Queued (position and estimate), or matched at once (session and opponent)' })
  @ApiBadRequestResponse({
    description: 'Unknown mode (UNKNOWN_QUEUE_MODE), unknown fields, or a party larger than the mode\'s team size (PARTY_TOO_LARGE)',
    example: 'Unknown queue mode "ranked_5v5"; available: ranked_1v1, casual_1v1',
  })
  @ApiForbiddenResponse(NOT_A_PLAYER)
  @ApiNotFoundResponse({ description: 'The account behind the token no longer exists', example: 'Player 665f1c2b9d3e4a0012345678 not found' })
  @ApiConflictResponse({
    description:
      'Already queued (ALREADY_QUEUED), in an unfinished session (ALREADY_IN_SESSION), a match is being set up (MATCH_IN_PROGRESS), ' +
      'a party member who is not its leader (PARTY_MEMBER_CANNOT_QUEUE), or a leader whose members are busy (PARTY_MEMBERS_BUSY)',
    example: 'Player is already queued for ranked_1v1',
  })
  join(@CurrentActor() actor: PlayerActor, @Body() body: JoinQueueDto): Promise<JoinQueueResponseDto> {
    return this.joins.join(actor.playerId, body.mode);
  }

  @Delete('leave')
  @HttpCode(204)
  @ApiOperation({ operationId: 'leaveQueue', summary: 'Leave the queue' })
  @ApiNoContentResponse({ description: 'Left the queue' })
  @ApiForbiddenResponse(NOT_A_PLAYER)
  @ApiNotFoundResponse({ description: 'Not queued', example: 'Player is not in a queue' })
  @ApiConflictResponse({ description: 'Too late: a match is being set up (check the status)', example: 'A match for this player is being set up; check the queue status' })
  leave(@CurrentActor() actor: PlayerActor): Promise<void> {
    return this.leaves.leave(actor.playerId);
  }

  @Get('modes')
  @Roles('player', 'server')
  @ApiOperation({ operationId: 'listQueueModes', summary: 'Queue modes (from the modes file) with their settings and live queue sizes' })
  @ApiOkResponse({ type: QueueModesDto, description: 'Every mode players may join, the default first' })
  modes(): Promise<QueueModesDto> {
    return this.statuses.listModes().then((modes) => ({ modes }));
  }

  @Get('status')
  @ApiOperation({ operationId: 'getQueueStatus', summary: 'Queue status: idle, queued (position, wait, window) or matched (session and opponent)' })
  @ApiOkResponse({ type: QueueStatusDto, description: "The caller's matchmaking status", examples: QUEUE_STATUS_EXAMPLES })
  @ApiForbiddenResponse(NOT_A_PLAYER)
  status(@CurrentActor() actor: PlayerActor): Promise<QueueStatusDto> {
    return this.statuses.status(actor.playerId);
  }
}
