import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsString, ValidateIf } from 'class-validator';
import { DEFAULT_MODE, MAX_PLAYERS, MIN_PLAYERS } from '../session-input';

/** Shapes only; counts, id format, duplicates, mode pattern and state size are checked by SessionsService for every caller. */
export class CreateSessionDto {
  @ApiPropertyOptional({
    type: [String],
    minItems: MIN_PLAYERS,
    maxItems: MAX_PLAYERS,
    example: ['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a0012345679'],
    description: `${MIN_PLAYERS} to ${MAX_PLAYERS} distinct, existing player ids; none may be in another unfinished session`,
  })
  @ValidateIf((o: CreateSessionDto) => o.player_ids !== undefined)
  @IsArray()
  @IsString({ each: true })
  player_ids?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [['665f1c2b9d3e4a0012345678', '665f1c2b9d3e4a001234567a'], ['665f1c2b9d3e4a0012345679', '665f1c2b9d3e4a001234567b']],
    description: 'Instead of player_ids: player ids per team (2 to 16 non-empty teams, 2 to 16 players in all)',
  })
  @ValidateIf((o: CreateSessionDto) => o.teams !== undefined)
  @IsArray()
  teams?: string[][];

  @ApiPropertyOptional({ example: DEFAULT_MODE, default: DEFAULT_MODE, pattern: '^[a-z0-9_]{1,32}$' })
  @ValidateIf((o: CreateSessionDto) => o.mode !== undefined)
  @IsString()
  mode?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { map: 'dust', round: 0 },
    description: 'Game-defined JSON object, at most 16 KiB serialized (413 above)',
  })
  @ValidateIf((o: CreateSessionDto) => o.state !== undefined)
  @IsObject()
  state?: Record<string, unknown>;
}
