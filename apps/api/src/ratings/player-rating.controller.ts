import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe } from '@libs/common';
import { PlayerRatingDto, RatingHistoryQueryDto } from './dto/player-rating.dto';
import { PlayerRatingService } from './player-rating.service';

const DEFAULT_LIMIT = 20;

@ApiTags('ratings')
@ApiBearerAuth('bearer')
@ApiSecurity('server-key')
@Controller('api/v1/players')
export class PlayerRatingController {
  constructor(private readonly ratings: PlayerRatingService) {}

  @Get(':id/rating')
  @ApiOperation({
    operationId: 'getPlayerRating',
    summary: "A player's rating, stats and rating history in a pool (newest first, paginated by `before`), and the list of their pools",
  })
  @ApiParam({ name: 'id', example: '665f1c2b9d3e4a0012345678', description: 'Player id (24 hexadecimal characters)' })
  @ApiOkResponse({ type: PlayerRatingDto, description: "The player's rating and one page of history" })
  @ApiBadRequestResponse({ description: 'Malformed player id, limit, before or pool', example: 'before must be an ISO 8601 timestamp' })
  @ApiNotFoundResponse({ description: 'Unknown player or pool', example: 'Player 665f1c2b9d3e4a0012345678 not found' })
  get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: RatingHistoryQueryDto): Promise<PlayerRatingDto> {
    return this.ratings.getRating(id, query.limit ?? DEFAULT_LIMIT, query.before ? new Date(query.before) : undefined, query.pool);
  }
}
