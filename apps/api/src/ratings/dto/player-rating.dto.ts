import { LimitQuery } from '@libs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { PoolFieldsDto } from './pool-fields.dto';

export class RatingHistoryQueryDto {
  @LimitQuery(20)
  limit?: number;

  @ApiPropertyOptional({ example: 'glicko', description: 'Rating pool (default: `default`)' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  pool?: string;

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

export class PoolSummaryDto {
  @ApiProperty({ example: 'default' }) pool: string;
  @ApiProperty({ enum: ['elo', 'glicko2', 'openskill'], example: 'elo' }) system: string;
  @ApiProperty({ type: 'integer', example: 1216, description: 'Displayed integer rating as of now' }) rating: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Games played in the pool, all seasons' }) games_played: number;
}

/** The example player: three games in the default pool, one in `glicko` (the pool the pool-rating examples show). */
export const POOLS_EXAMPLE = [
  { pool: 'default', system: 'elo', rating: 1216, games_played: 3 },
  { pool: 'glicko', system: 'glicko2', rating: 1612, games_played: 1 },
];

export class PlayerRatingDto extends PoolFieldsDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'Games played in the pool, all seasons' }) games_played: number;
  @ApiProperty({ example: 1, description: 'wins / games played (0..1, four decimals); 0 before the first game' }) win_rate: number;
  @ApiProperty({
    type: [RatingHistoryEntryDto],
    description: 'Newest first',
    example: [{ timestamp: '2026-11-23T20:00:00.000Z', rating: 1612, change: 112, session_id: '665f1c2b9d3e4a0012345699', opponent_id: '665f1c2b9d3e4a0012345679', outcome: 1 }],
  })
  history: RatingHistoryEntryDto[];
  @ApiProperty({ type: [PoolSummaryDto], description: 'Every pool the player has a rating in; `default` always, first', example: POOLS_EXAMPLE }) pools: PoolSummaryDto[];
}
