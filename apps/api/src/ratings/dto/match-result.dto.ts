import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsMongoId,
  Min,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { OUTCOMES, Outcome } from '../domain';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Sessions have at most 16 players, so at most 16 teams. */
const MAX_TEAMS = 16;

const SESSION_ID = { example: '665f1c2b9d3e4a0012345699', description: 'The session the result is for' };
const PLAYER_ID = { example: '665f1c2b9d3e4a0012345678', description: "The player whose result `outcome` is; one of the session's two players" };
const OUTCOME = { enum: OUTCOMES, example: 1, description: "player_id's result against the opponent: 1 win, 0.5 draw, 0 loss" };
const PLACEMENTS = {
  type: 'integer',
  isArray: true,
  minItems: 2,
  maxItems: MAX_TEAMS,
  example: [2, 1],
  description:
    "One placement per team in the session's team order (the session's `teams`): 1 = first; equal placements are a draw " +
    'between those teams. Each from 1 to the number of teams.',
} as const;

/** The two body forms are exclusive: a report that states both would be ambiguous. */
@ValidatorConstraint({ name: 'oneResultForm' })
class OneResultForm implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as SubmitMatchResultDto;
    return body.player_id === undefined && body.outcome === undefined;
  }

  defaultMessage(): string {
    return 'send either placements, or player_id and outcome, not both';
  }
}

/** The 1v1 body (documented form). */
export class MatchOutcomeResultDto {
  @ApiProperty({ ...SESSION_ID, description: 'A 2-player session' }) session_id: string;
  @ApiProperty(PLAYER_ID) player_id: string;
  @ApiProperty(OUTCOME) outcome: Outcome;
}

/** The placements body (documented form), for sessions of any number of teams. */
export class MatchPlacementsResultDto {
  @ApiProperty(SESSION_ID) session_id: string;
  @ApiProperty(PLACEMENTS) placements: number[];
}

/** What the route validates: either documented form (see MatchOutcomeResultDto and MatchPlacementsResultDto). */
export class SubmitMatchResultDto {
  @Transform(lower)
  @IsMongoId({ message: 'session_id must be a 24-character hexadecimal id' })
  session_id: string;

  @ValidateIf((o: SubmitMatchResultDto) => o.placements === undefined || o.player_id !== undefined)
  @Transform(lower)
  @IsMongoId({ message: 'player_id must be a 24-character hexadecimal id' })
  player_id?: string;

  @ValidateIf((o: SubmitMatchResultDto) => o.placements === undefined || o.outcome !== undefined)
  @IsIn(OUTCOMES as Outcome[], { message: 'outcome must be 1 (win), 0.5 (draw) or 0 (loss)' })
  outcome?: Outcome;

  @ValidateIf((o: SubmitMatchResultDto) => o.placements !== undefined)
  @Validate(OneResultForm)
  @IsArray({ message: 'placements must be an array with one placement per team' })
  @ArrayMinSize(2, { message: 'placements must have one entry per team (at least 2)' })
  @ArrayMaxSize(MAX_TEAMS, { message: `placements must have one entry per team (at most ${MAX_TEAMS})` })
  @IsInt({ each: true, message: 'each placement must be a whole number (1 = first)' })
  @Min(1, { each: true, message: 'each placement must be at least 1 (1 = first)' })
  placements?: number[];
}

export class MatchRatingChangeDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' }) player_id: string;
  @ApiProperty({ type: 'integer', example: 0, description: "The player's team: index into the session's `teams` (and the reported placements)" })
  team: number;
  @ApiProperty({ type: 'integer', example: 1200 }) old_rating: number;
  @ApiProperty({ type: 'integer', example: 1216 }) new_rating: number;
  @ApiProperty({ type: 'integer', example: 16 }) change: number;
}

export class MatchResultResponseDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345699' }) session_id: string;

  @ApiProperty({
    enum: ['applied', 'pending'],
    example: 'applied',
    description: '`pending` until a player of every team has confirmed a player-reported result',
  })
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
    description: "Every player's change once applied, team by team in the session's team order; empty while pending",
    example: [
      { player_id: '665f1c2b9d3e4a0012345678', team: 0, old_rating: 1200, new_rating: 1216, change: 16 },
      { player_id: '665f1c2b9d3e4a0012345679', team: 1, old_rating: 1200, new_rating: 1184, change: -16 },
    ],
  })
  changes: MatchRatingChangeDto[];
}
