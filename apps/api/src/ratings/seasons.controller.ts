import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
    summary: "Close a pool's current season and start the next",
    description:
      "Keeps the ending season's leaderboard (GET /leaderboard?pool=&season=), softly resets every rating by the pool's rule " +
      '(applied when a rating is next read or rated) and starts a new season. Atomic; idempotent by `season_id`.',
  })
  @ApiOkResponse({ type: SeasonCloseDto })
  @ApiBadRequestResponse({ description: 'Malformed pool or season_id' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid credentials' })
  @ApiForbiddenResponse({ description: 'Not a game server' })
  @ApiNotFoundResponse({ description: 'Unknown pool' })
  @ApiConflictResponse({ description: 'The default pool has no seasons' })
  close(@Param() params: PoolParamDto, @Body() body: CloseSeasonDto): Promise<SeasonCloseDto> {
    return this.seasons.close(params.pool, body.season_id);
  }
}
