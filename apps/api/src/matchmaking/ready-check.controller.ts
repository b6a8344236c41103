import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentActor, PlayerActor, Roles } from '@libs/common';
import { BEARER } from '../swagger';
import { READY_CHECK_EXAMPLES, ReadyCheckResultDto } from './dto/queue.response';
import { ReadyCheckService } from './ready-check.service';

const MATCH_ID = { name: 'match_id', example: 'a3f9c2d1e0b4k', description: 'From match.accept_required or the queue status' };

@ApiTags('queue')
@ApiBearerAuth(BEARER)
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token', example: 'Missing or invalid access token' })
@ApiForbiddenResponse({ description: 'Not a player of this match (NOT_IN_MATCH), or not a player token', example: 'You are not a player of this match' })
@ApiNotFoundResponse({ description: 'Unknown match, or its ready-check is long over (MATCH_NOT_FOUND)', example: 'Match a3f9c2d1e0b4k not found (or its ready-check is long over)' })
@ApiConflictResponse({
  description: 'Already answered (ALREADY_ANSWERED), or the match is no longer waiting: confirmed, cancelled, past its deadline (MATCH_NOT_PENDING)',
  example: 'This match is no longer waiting for answers (cancelled)',
})
@Roles('player')
@Controller('api/v1/matches')
export class ReadyCheckController {
  constructor(private readonly readyChecks: ReadyCheckService) {}

  @Post(':match_id/accept')
  @HttpCode(200)
  @ApiParam(MATCH_ID)
  @ApiOperation({ summary: 'Accept a found match (ready-check); the last accept creates the session', operationId: 'acceptMatch' })
  @ApiOkResponse({ type: ReadyCheckResultDto, description: 'Accepted: still pending, or confirmed with the session', examples: READY_CHECK_EXAMPLES })
  accept(@CurrentActor() actor: PlayerActor, @Param('match_id') matchId: string): Promise<ReadyCheckResultDto> {
    return this.readyChecks.answer(actor.playerId, matchId, 'accept');
  }

  @Post(':match_id/decline')
  @HttpCode(200)
  @ApiParam(MATCH_ID)
  @ApiOperation({ summary: 'Decline a found match: it is cancelled, you leave the queue, the others go back with their join time', operationId: 'declineMatch' })
  @ApiOkResponse({ type: ReadyCheckResultDto, description: 'Declined: the match is cancelled', example: { match_id: 'a3f9c2d1e0b4k', status: 'cancelled', session_id: null } })
  decline(@CurrentActor() actor: PlayerActor, @Param('match_id') matchId: string): Promise<ReadyCheckResultDto> {
    return this.readyChecks.answer(actor.playerId, matchId, 'decline');
  }
}
