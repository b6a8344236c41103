import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, example: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class LeaderboardEntryDto {
  @ApiProperty({ example: 1, description: 'Equal ratings share a rank (1, 2, 2, 4)' }) rank: number;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ example: 1816 }) rating: number;
}

export class PlayerRankDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: Number, nullable: true, example: 42, description: 'Null while the player has no rated game (unranked)' })
  rank: number | null;
  @ApiProperty({ example: 1216 }) rating: number;
}
