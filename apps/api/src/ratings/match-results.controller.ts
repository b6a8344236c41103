import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '@libs/common';
import { MatchOutcomeResultDto, MatchPlacementsResultDto, MatchResultResponseDto, SubmitMatchResultDto } from './dto/match-result.dto';
import { SubmitResultInput } from './match-results.service';
import { MatchResultsService } from './match-results.service';

@ApiTags('ratings')
@ApiExtraModels(MatchOutcomeResultDto, MatchPlacementsResultDto)
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
    summary: 'Report the result of a session: a 1v1 outcome, or placements per team',
    description:
      'Two body forms: `{ session_id, player_id, outcome }` for a 2-player session, or `{ session_id, placements }` with ' +
      "one placement per team in the session's team order (1 = first, equal = draw between those teams) for any session. " +
      "A game server's result applies at once. Player reports apply once one player of every team has reported the same " +
      'result (a 1v1: both players); until then the result is `pending`. Conflicting reports dispute the session (409) ' +
      'until a game server reports the result. Idempotent: the same result again returns the same body.',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(MatchOutcomeResultDto) }, { $ref: getSchemaPath(MatchPlacementsResultDto) }] },
    examples: {
      oneVersusOne: { summary: '1v1: player_id won', value: { session_id: '665f1c2b9d3e4a0012345699', player_id: '665f1c2b9d3e4a0012345678', outcome: 1 } },
      teams: { summary: 'Teams: the second team won', value: { session_id: '665f1c2b9d3e4a0012345699', placements: [2, 1] } },
      freeForAll: { summary: 'Free-for-all of 4: two tie for second', value: { session_id: '665f1c2b9d3e4a0012345699', placements: [3, 1, 2, 2] } },
    },
  })
  @ApiOkResponse({ type: MatchResultResponseDto, description: "Applied (every player's rating change), or pending until every team has confirmed" })
  @ApiBadRequestResponse({
    description: 'Invalid body, player_id and outcome for a session that is not 2-player, player_id not in the session, or placements that do not fit the session\'s teams',
    example: 'Invalid placements for session 665f1c2b9d3e4a0012345699: placements must have one entry per team: the session has 2 teams, got 3',
  })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', example: 'Missing or invalid access token' })
  @ApiNotFoundResponse({
    description: 'Unknown session, or (for a player) a session they are not in',
    example: 'Session 665f1c2b9d3e4a0012345699 not found',
  })
  @ApiConflictResponse({
    description:
      'Reports conflict (RESULT_DISPUTED), a different result was already applied (RESULT_ALREADY_APPLIED), the reporter changed their ' +
      'report (REPORT_ALREADY_SUBMITTED), or the session takes no result: abandoned, cancelled, or still waiting for acceptances (SESSION_NOT_OPEN)',
    example: "The players' reports for session 665f1c2b9d3e4a0012345699 conflict; the session is disputed until a game server reports the result",
  })
  @ApiServiceUnavailableResponse({
    description: 'Sustained write contention, or Redis/MongoDB unavailable; retry the request (it is idempotent)',
    example: 'The result could not be stored because of sustained contention; retry the request',
  })
  submit(@CurrentActor() actor: Actor, @Body() body: SubmitMatchResultDto): Promise<MatchResultResponseDto> {
    return this.results.submit(actor, toInput(body));
  }
}

function toInput(body: SubmitMatchResultDto): SubmitResultInput {
  if (body.placements !== undefined) return { sessionId: body.session_id, placements: body.placements };
  return { sessionId: body.session_id, playerId: body.player_id!, outcome: body.outcome! };
}
