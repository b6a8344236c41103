import { LimitQuery } from '@libs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PoolFieldsDto, SEASON_DESCRIPTION } from './pool-fields.dto';

export class LeaderboardQueryDto {
  @LimitQuery(10)
  limit?: number;

  @ApiPropertyOptional({ example: 'glicko', description: 'Rating pool (default: `default`)' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  pool?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1, description: SEASON_DESCRIPTION })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'season must be an integer between 1 and 1000000' })
  @Min(1, { message: 'season must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'season must be an integer between 1 and 1000000' })
  season?: number;
}

export class LeaderboardEntryDto extends PoolFieldsDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Equal ratings share a rank (1, 2, 2, 4)' }) rank: number;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
}

export class PlayerRankDto extends PoolFieldsDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Null while the player has no rated game (in the current season)' })
  rank: number | null;
}
