import { LimitQuery } from '@libs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class RatingHistoryQueryDto {
  @LimitQuery(20)
  limit?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-23T20:00:00.000Z',
    description: 'Cursor: only entries strictly older than this ISO 8601 timestamp (pass the last entry\'s timestamp for the next page)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'before must be an ISO 8601 timestamp' })
  before?: string;
}

export class RatingHistoryEntryDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) timestamp: string;
  @ApiProperty({ type: 'integer', example: 1216, description: 'Rating after this game' }) rating: number;
  @ApiProperty({ type: 'integer', example: 16 }) change: number;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345679' }) opponent_id: string;
  @ApiProperty({ enum: [1, 0.5, 0], example: 1, description: '1 win, 0.5 draw, 0 loss' }) outcome: number;
}

export class PlayerRatingDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', example: 1216 }) rating: number;
  @ApiProperty({ type: 'integer', example: 1 }) games_played: number;
  @ApiProperty({ example: 1, description: 'wins / games played (0..1, four decimals); 0 before the first game' }) win_rate: number;
  @ApiProperty({ type: [RatingHistoryEntryDto], description: 'Newest first' }) history: RatingHistoryEntryDto[];
}
