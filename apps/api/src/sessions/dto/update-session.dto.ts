import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, Min, ValidateIf } from 'class-validator';
import { SESSION_STATUSES } from '@libs/database';
import type { SessionStatus } from '../session-status';

export class UpdateSessionDto {
  @ApiPropertyOptional({
    enum: SESSION_STATUSES,
    example: 'active',
    description: 'waiting → active → completed, waiting|active → abandoned; anything else is 409',
  })
  @ValidateIf((o: UpdateSessionDto) => o.status !== undefined)
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { round: 3, score: { red: 2, blue: 1 } },
    description: 'Replaces the game-defined state; a JSON object of at most 16 KiB serialized (413 above)',
  })
  @ValidateIf((o: UpdateSessionDto) => o.state !== undefined)
  @IsObject()
  state?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', example: 2, minimum: 1, description: 'Optimistic concurrency: 409 unless this is the current version' })
  @ValidateIf((o: UpdateSessionDto) => o.version !== undefined)
  @IsInt()
  @Min(1)
  version?: number;
}
