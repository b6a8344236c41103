import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '@libs/common';
import { CloseSeasonDto, PoolParamDto, SeasonCloseDto } from './dto/season.dto';
import { SeasonsService } from './seasons.service';

@ApiTags('ratings')
@ApiSecurity('server-key')
@Controller('api/v1/pools')
export class SeasonsController {
  constructor(private readonly seasons: SeasonsService) {}

  @Post(':pool/seasons')
  @HttpCode(200)
  @Roles('server')
  @ApiOperation({
    operationId: 'closeSeason',
    summary: "Close a pool's current season and start the next",
    description:
      "Keeps the ending season's leaderboard (GET /leaderboard?pool=&season=), softly resets every rating by the pool's rule " +
      '(applied when a rating is next read or rated) and starts a new season. Atomic; idempotent by `season_id`.',
  })
  @ApiParam({ name: 'pool', example: 'glicko', description: 'Rating pool name' })
  @ApiOkResponse({ type: SeasonCloseDto, description: 'The closed season (the same body again for the same season_id)' })
  @ApiBadRequestResponse({ description: 'Malformed pool or season_id', example: 'season_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', example: 'Missing or invalid access token' })
  @ApiForbiddenResponse({ description: 'Not a game server', example: 'This endpoint is for the server role' })
  @ApiNotFoundResponse({ description: 'Unknown pool', example: 'Rating pool ladder does not exist' })
  @ApiConflictResponse({ description: 'The default pool has no seasons', example: "Pool default is the all-time ladder kept in the players' profiles and has no seasons; for seasons on Elo, rate the modes in a pool of your own with system elo" })
  close(@Param() params: PoolParamDto, @Body() body: CloseSeasonDto): Promise<SeasonCloseDto> {
    return this.seasons.close(params.pool, body.season_id);
  }
}
