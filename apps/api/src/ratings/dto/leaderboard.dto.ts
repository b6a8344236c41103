import { LimitQuery } from '@libs/common';
import { ApiProperty } from '@nestjs/swagger';

export class LeaderboardQueryDto {
  @LimitQuery(10)
  limit?: number;
}

export class LeaderboardEntryDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Equal ratings share a rank (1, 2, 2, 4)' }) rank: number;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ type: 'integer', example: 1816 }) rating: number;
}

export class PlayerRankDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Null while the player has no rated game (unranked)' })
  rank: number | null;
  @ApiProperty({ type: 'integer', example: 1216 }) rating: number;
}
