import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PoolParamDto {
  @ApiProperty({ example: 'glicko' })
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  pool: string;
}

export class CloseSeasonDto {
  @ApiProperty({ example: 'ladder-2026-winter', description: 'Your id for this close: the same id again replays it instead of closing another season' })
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'season_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ . : -' })
  season_id: string;
}

export class SeasonCloseDto {
  @ApiProperty({ example: 'glicko' }) pool: string;
  @ApiProperty({ example: 'ladder-2026-winter' }) season_id: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'The season that ended (its standings: GET /leaderboard?pool=&season=)' }) closed_season: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'The season now running' }) current_season: number;
  @ApiProperty({ type: 'integer', example: 42, description: 'Players in the closed season\'s final standings' }) players: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T18:00:00.000Z' }) closed_at: string;
}
