import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { SESSION_STATUSES, SessionStatus } from '@libs/database';
import { POOLS_EXAMPLE, PoolSummaryDto } from '../../ratings/dto/player-rating.dto';
import { PoolFieldsDto } from '../../ratings/dto/pool-fields.dto';

export class ProfileQueryDto {
  @ApiPropertyOptional({
    example: 'glicko',
    description: 'A rating pool (`default` included) whose rating (`pool_rating`) and the list of the player\'s pools (`pools`) the profile adds',
  })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'pool must be 1 to 32 characters of a-z, 0-9 and _' })
  pool?: string;
}

export class ProfilePoolRatingDto extends PoolFieldsDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Games played in the pool, all seasons' }) games_played: number;
  @ApiProperty({ example: 1, description: 'wins / games played (0..1, four decimals); 0 before the first game' }) win_rate: number;
}

export class ProfileStatsDto {
  @ApiProperty({ type: 'integer', example: 1216 }) current_rating: number;
  @ApiProperty({ type: 'integer', example: 3 }) games_played: number;
  @ApiProperty({ type: 'integer', example: 2 }) wins: number;
  @ApiProperty({ type: 'integer', example: 1 }) losses: number;
  @ApiProperty({ type: 'integer', example: 0 }) draws: number;
  @ApiProperty({ example: 0.6667, description: 'wins / games_played, 0 before the first game' }) win_rate: number;
}

export class ProfileMatePlayerDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345679' }) player_id: string;
  @ApiProperty({ example: 'iron_falcon', description: "Empty when the player's account no longer exists" }) username: string;
}

const TEAMMATES: ApiPropertyOptions = {
  type: [ProfileMatePlayerDto],
  description: "The player's teammates in that session (empty in 1v1 and free-for-all)",
  example: [{ player_id: '665f1c2b9d3e4a001234567a', username: 'quiet_otter' }],
};
const OPPONENTS: ApiPropertyOptions = {
  type: [ProfileMatePlayerDto],
  description: 'Every player of the other teams, team by team in the session\'s team order',
  example: [{ player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon' }],
};

export class ProfileRatingChangeDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:15:00.000Z' }) timestamp: string;
  @ApiProperty({ type: 'integer', example: 1216, description: 'Rating after this change' }) rating: number;
  @ApiProperty({ type: 'integer', example: 16 }) change: number;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;
  @ApiProperty(TEAMMATES) teammates: ProfileMatePlayerDto[];
  @ApiProperty(OPPONENTS) opponents: ProfileMatePlayerDto[];
}

export class RecentSessionDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;
  @ApiProperty({ example: 'ranked_2v2' }) mode: string;
  @ApiProperty({ example: 'completed', enum: SESSION_STATUSES }) status: SessionStatus;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:00:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:15:00.000Z' }) updated_at: string;
  @ApiProperty(TEAMMATES) teammates: ProfileMatePlayerDto[];
  @ApiProperty(OPPONENTS) opponents: ProfileMatePlayerDto[];
}

export class ProfileInvitationDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;
  @ApiProperty({ example: 'casual_1v1' }) mode: string;
  @ApiProperty({ example: '665f1c2b9d3e4a0012345677', description: 'The player who created the session' }) inviter_id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T20:02:00.000Z', description: 'Accept before this (POST /api/v1/sessions/{id}/accept)' })
  expires_at: string;
}

export class ProfileDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ example: 'nova_striker' }) username: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T19:00:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T19:55:00.000Z', nullable: true, type: String, description: 'Null until the first login' })
  last_login: string | null;
  @ApiProperty({ type: ProfileStatsDto }) stats: ProfileStatsDto;
  @ApiProperty({ type: [ProfileRatingChangeDto], description: 'Newest first, at most 20' }) rating_history: ProfileRatingChangeDto[];
  @ApiProperty({ type: [RecentSessionDto], description: 'Newest first, at most 10' }) recent_sessions: RecentSessionDto[];
  @ApiPropertyOptional({
    type: ProfilePoolRatingDto,
    description: 'Only with `?pool=`: the rating in that pool as of now, with its system and uncertainty (`stats` and `rating_history` are always the `default` pool)',
  })
  pool_rating?: ProfilePoolRatingDto;
  @ApiPropertyOptional({ type: [PoolSummaryDto], description: 'Only with `?pool=`: every pool the player has a rating in; `default` always, first', example: POOLS_EXAMPLE })
  pools?: PoolSummaryDto[];
  @ApiProperty({
    type: [ProfileInvitationDto],
    description: 'Sessions other players invited this player to that are still waiting for acceptances (accepted or not yet), soonest deadline first, at most 20',
  })
  invitations: ProfileInvitationDto[];
}
