import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe } from '@libs/common';
import { LeaderboardEntryDto, LeaderboardQueryDto, PlayerRankDto } from './dto/leaderboard.dto';
import { LeaderboardService } from './leaderboard.service';

const DEFAULT_LIMIT = 10;

@ApiTags('ratings')
@ApiBearerAuth('bearer')
@ApiSecurity('server-key')
@Controller('api/v1/leaderboard')
export class LeaderboardController {
  constructor(private readonly leaderboard: LeaderboardService) {}

  @Get()
  @ApiOperation({ operationId: 'getLeaderboard', summary: 'Top players by rating (players enter with their first rated game)' })
  @ApiOkResponse({
    type: [LeaderboardEntryDto],
    description: 'Best first',
    example: [
      { rank: 1, player_id: '665f1c2b9d3e4a0012345678', username: 'nova_striker', rating: 1816 },
      { rank: 2, player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1790 },
    ],
  })
  @ApiBadRequestResponse({ description: 'limit is not an integer between 1 and 100', example: 'limit must not be greater than 100' })
  top(@Query() query: LeaderboardQueryDto): Promise<LeaderboardEntryDto[]> {
    return this.leaderboard.top(query.limit ?? DEFAULT_LIMIT);
  }

  @Get(':player_id')
  @ApiOperation({ operationId: 'getPlayerRank', summary: "A player's leaderboard rank (null while unranked)" })
  @ApiParam({ name: 'player_id', example: '665f1c2b9d3e4a0012345678', description: 'Player id (24 hexadecimal characters)' })
  @ApiOkResponse({ type: PlayerRankDto, description: "The player's rank and rating" })
  @ApiBadRequestResponse({ description: 'Malformed player id', example: 'id must be a 24-character hexadecimal string' })
  @ApiNotFoundResponse({ description: 'Unknown player', example: 'Player 665f1c2b9d3e4a0012345678 not found' })
  rank(@Param('player_id', ParseObjectIdPipe) playerId: string): Promise<PlayerRankDto> {
    return this.leaderboard.rankOf(playerId);
  }
}
