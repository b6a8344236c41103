import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe } from '@libs/common';
import { LeaderboardEntryDto, LeaderboardQueryDto, PlayerRankDto } from './dto/leaderboard.dto';
import { PoolQueryDto } from './dto/pool-fields.dto';
import { LeaderboardService } from './leaderboard.service';

const DEFAULT_LIMIT = 10;

@ApiTags('ratings')
@ApiBearerAuth('bearer')
@ApiSecurity('server-key')
@Controller('api/v1/leaderboard')
export class LeaderboardController {
  constructor(private readonly leaderboard: LeaderboardService) {}

  @Get()
  @ApiOperation({ operationId: 'getLeaderboard', summary: "Top players of a pool by rating (players enter with their first rated game of the pool's season)" })
  @ApiOkResponse({
    type: [LeaderboardEntryDto],
    description: 'Best first',
    example: [
      { rank: 1, player_id: '665f1c2b9d3e4a0012345678', username: 'nova_striker', rating: 1816, pool: 'default', system: 'elo', rd: null, volatility: null, mu: null, sigma: null },
      { rank: 2, player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1790, pool: 'default', system: 'elo', rd: null, volatility: null, mu: null, sigma: null },
    ],
  })
  @ApiBadRequestResponse({ description: 'limit is not an integer between 1 and 100, malformed pool or season', example: 'limit must not be greater than 100' })
  @ApiNotFoundResponse({ description: 'Unknown pool, or a season the pool has not reached', example: 'Rating pool ladder does not exist' })
  top(@Query() query: LeaderboardQueryDto): Promise<LeaderboardEntryDto[]> {
    return this.leaderboard.top(query.limit ?? DEFAULT_LIMIT, query.pool, query.season);
  }

  @Get(':player_id')
  @ApiOperation({ operationId: 'getPlayerRank', summary: "A player's leaderboard rank in a pool's current season (null while unranked)" })
  @ApiParam({ name: 'player_id', example: '665f1c2b9d3e4a0012345678', description: 'Player id (24 hexadecimal characters)' })
  @ApiOkResponse({ type: PlayerRankDto, description: "The player's rank and rating" })
  @ApiBadRequestResponse({ description: 'Malformed player id or pool', example: 'id must be a 24-character hexadecimal string' })
  @ApiNotFoundResponse({ description: 'Unknown player or pool', example: 'Player 665f1c2b9d3e4a0012345678 not found' })
  rank(@Param('player_id', ParseObjectIdPipe) playerId: string, @Query() query: PoolQueryDto): Promise<PlayerRankDto> {
    return this.leaderboard.rankOf(playerId, query.pool);
  }
}
