import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Top players by rating (players enter with their first rated game)' })
  @ApiOkResponse({ type: [LeaderboardEntryDto] })
  @ApiBadRequestResponse({ description: 'limit is not an integer between 1 and 100' })
  top(@Query() query: LeaderboardQueryDto): Promise<LeaderboardEntryDto[]> {
    return this.leaderboard.top(query.limit ?? DEFAULT_LIMIT);
  }

  @Get(':player_id')
  @ApiOperation({ summary: "A player's leaderboard rank (null while unranked)" })
  @ApiOkResponse({ type: PlayerRankDto })
  @ApiBadRequestResponse({ description: 'Malformed player id' })
  @ApiNotFoundResponse({ description: 'Unknown player' })
  rank(@Param('player_id', ParseObjectIdPipe) playerId: string): Promise<PlayerRankDto> {
    return this.leaderboard.rankOf(playerId);
  }
}
