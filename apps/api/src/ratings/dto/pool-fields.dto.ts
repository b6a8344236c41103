import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** `?pool=`: which rating pool (default `default`). */
export class PoolQueryDto {
  @ApiPropertyOptional({ example: 'glicko', description: 'Rating pool (default: `default`)' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  pool?: string;
}

/** The pool, system and uncertainty shown beside every rating. */
export class PoolFieldsDto {
  @ApiProperty({ example: 'glicko', description: 'Rating pool' }) pool: string;
  @ApiProperty({ enum: ['elo', 'glicko2', 'openskill'], example: 'glicko2' }) system: string;
  @ApiProperty({ type: 'integer', example: 1612, description: 'Displayed integer rating (OpenSkill: round(1000 + 40 × (μ − 3σ)) with the shipped scale)' })
  rating: number;
  @ApiProperty({ type: Number, nullable: true, example: 87.4, description: 'Glicko-2 rating deviation as of now; null for other systems' })
  rd: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.0599, description: 'Glicko-2 volatility; null for other systems' })
  volatility: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'OpenSkill μ; null for other systems' })
  mu: number | null;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'OpenSkill σ; null for other systems' })
  sigma: number | null;
}

export const SEASON_DESCRIPTION = 'A closed season of the pool (its final standings); default: the current season';
