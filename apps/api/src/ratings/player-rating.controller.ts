import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: "A player's rating, stats and rating history (newest first, paginated by `before`)" })
  @ApiOkResponse({ type: PlayerRatingDto })
  @ApiBadRequestResponse({ description: 'Malformed player id, limit or before' })
  @ApiNotFoundResponse({ description: 'Unknown player' })
  get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: RatingHistoryQueryDto): Promise<PlayerRatingDto> {
    return this.ratings.getRating(id, query.limit ?? DEFAULT_LIMIT, query.before ? new Date(query.before) : undefined);
  }
}
