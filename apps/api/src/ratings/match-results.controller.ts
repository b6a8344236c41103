import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@libs/common';
import { MatchResultResponseDto, SubmitMatchResultDto } from './dto/match-result.dto';
import { MatchResultsService } from './match-results.service';

@ApiTags('ratings')
@ApiBearerAuth('bearer')
@ApiSecurity('server-key')
@Controller('api/v1/matches')
export class MatchResultsController {
  constructor(private readonly results: MatchResultsService) {}

  @Post('result')
  @HttpCode(200)
  @Roles('server', 'player')
  @ApiOperation({
    operationId: 'submitMatchResult',
    summary: 'Report the result of a 1v1 session',
    description:
      'A game server\'s result applies at once. A player\'s report (for themself or the opponent) applies only when the ' +
      'other player reports the same result; until then it is `pending`. Conflicting reports dispute the session (409) ' +
      'until a game server reports the result. Idempotent: the same result again returns the same body.',
  })
  @ApiOkResponse({ type: MatchResultResponseDto, description: 'Applied (both rating changes), or pending until the opponent confirms' })
  @ApiBadRequestResponse({
    description: 'Invalid body, not a 2-player session, or player_id not in the session',
    example: 'Player 665f1c2b9d3e4a0012345677 is not in session 665f1c2b9d3e4a0012345699',
  })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', example: 'Missing or invalid access token' })
  @ApiNotFoundResponse({
    description: 'Unknown session, or (for a player) a session they are not in',
    example: 'Session 665f1c2b9d3e4a0012345699 not found',
  })
  @ApiConflictResponse({
    description: 'Reports conflict (session disputed), a different result was already applied, the reporter changed their report, or the session was abandoned',
    example: "The players' reports for session 665f1c2b9d3e4a0012345699 conflict; the session is disputed until a game server reports the result",
  })
  @ApiServiceUnavailableResponse({
    description: 'Sustained write contention, or Redis/MongoDB unavailable; retry the request (it is idempotent)',
    example: 'The result could not be stored because of sustained contention; retry the request',
  })
  submit(@CurrentActor() actor: Actor, @Body() body: SubmitMatchResultDto): Promise<MatchResultResponseDto> {
    return this.results.submit(actor, { sessionId: body.session_id, playerId: body.player_id, outcome: body.outcome });
  }
}
