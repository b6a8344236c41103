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
import { JoinQueueResponseDto, QueueModesDto, QueueStatusDto } from './dto/queue.response';
import { QueueService } from './queue.service';

type PlayerActor = Extract<Actor, { role: 'player' }>;

@ApiTags('queue')
@ApiBearerAuth(BEARER)
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiForbiddenResponse({ description: 'Not a player token (the queue is for players)' })
@Roles('player')
@Controller('api/v1/queue')
export class QueueController {
  constructor(private readonly queue: QueueService) {}

  @Post('join')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join the matchmaking queue; a partner inside both rating windows is matched at once' })
  @ApiOkResponse({ type: JoinQueueResponseDto })
  @ApiBadRequestResponse({ description: 'Unknown mode or unknown fields' })
  @ApiConflictResponse({ description: 'Already queued, in an unfinished session, or a match is being set up' })
  join(@CurrentActor() actor: PlayerActor, @Body() body: JoinQueueDto): Promise<JoinQueueResponseDto> {
    return this.queue.join(actor.playerId, body.mode);
  }

  @Delete('leave')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the queue' })
  @ApiNoContentResponse({ description: 'Left the queue' })
  @ApiNotFoundResponse({ description: 'Not queued' })
  @ApiConflictResponse({ description: 'Too late: a match is being set up (check the status)' })
  leave(@CurrentActor() actor: PlayerActor): Promise<void> {
    return this.queue.leave(actor.playerId);
  }

  @Get('modes')
  @Roles('player', 'server')
  @ApiOperation({ summary: 'Queue modes (from the modes file) with their settings and live queue sizes' })
  @ApiOkResponse({ type: QueueModesDto })
  modes(): Promise<QueueModesDto> {
    return this.queue.listModes().then((modes) => ({ modes }));
  }

  @Get('status')
  @ApiOperation({ summary: 'Queue status: idle, queued (position, wait, window) or matched (session and opponent)' })
  @ApiOkResponse({ type: QueueStatusDto })
  status(@CurrentActor() actor: PlayerActor): Promise<QueueStatusDto> {
    return this.queue.status(actor.playerId);
  }
}
