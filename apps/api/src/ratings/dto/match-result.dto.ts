import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsMongoId } from 'class-validator';
import { OUTCOMES, Outcome } from '../domain';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

export class SubmitMatchResultDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699', description: 'A 2-player session' })
  @Transform(lower)
  @IsMongoId({ message: 'session_id must be a 24-character hexadecimal id' })
  session_id: string;

  @ApiProperty({ example: '665f1c2b9d3e4a0012345678', description: 'The player whose result `outcome` is; one of the session\'s two players' })
  @Transform(lower)
  @IsMongoId({ message: 'player_id must be a 24-character hexadecimal id' })
  player_id: string;

  @ApiProperty({ enum: OUTCOMES, example: 1, description: "player_id's result against the opponent: 1 win, 0.5 draw, 0 loss" })
  @IsIn(OUTCOMES as Outcome[], { message: 'outcome must be 1 (win), 0.5 (draw) or 0 (loss)' })
  outcome: Outcome;
}

export class MatchRatingChangeDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', example: 1200 }) old_rating: number;
  @ApiProperty({ type: 'integer', example: 1216 }) new_rating: number;
  @ApiProperty({ type: 'integer', example: 16 }) change: number;
}

export class MatchResultResponseDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;

  @ApiProperty({ enum: ['applied', 'pending'], example: 'applied', description: '`pending` until the opponent confirms a player-reported result' })
  status: 'applied' | 'pending';

  @ApiProperty({
    example: true,
    description:
      "false: the session was created by one of its players and its mode's `player_sessions_rated` is off, so the result is " +
      'recorded (and completes the session) but changes no rating; `changes` is then always empty',
  })
  rated: boolean;

  @ApiProperty({
    type: [MatchRatingChangeDto],
    description: "Both players' changes (session order) once applied; empty while pending",
    example: [
      { player_id: '665f1c2b9d3e4a0012345678', old_rating: 1200, new_rating: 1216, change: 16 },
      { player_id: '665f1c2b9d3e4a0012345679', old_rating: 1200, new_rating: 1184, change: -16 },
    ],
  })
  changes: MatchRatingChangeDto[];
}
