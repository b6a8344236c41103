import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
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
    summary: 'Report the result of a 1v1 session',
    description:
      'A game server\'s result applies at once. A player\'s report (for themself or the opponent) applies only when the ' +
      'other player reports the same result; until then it is `pending`. Conflicting reports dispute the session (409) ' +
      'until a game server reports the result. Idempotent: the same result again returns the same body.',
  })
  @ApiOkResponse({ type: MatchResultResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid body, not a 2-player session, or player_id not in the session' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid credentials' })
  @ApiForbiddenResponse({ description: 'A player reporting for a session they are not in' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  @ApiConflictResponse({
    description: 'Reports conflict (session disputed), a different result was already applied, the reporter changed their report, or the session was abandoned',
  })
  submit(@CurrentActor() actor: Actor, @Body() body: SubmitMatchResultDto): Promise<MatchResultResponseDto> {
    return this.results.submit(actor, { sessionId: body.session_id, playerId: body.player_id, outcome: body.outcome });
  }
}
