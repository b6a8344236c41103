import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, ValidateIf } from 'class-validator';

export class JoinQueueDto {
  @ApiPropertyOptional({
    example: 'ranked_1v1',
    default: 'ranked_1v1',
    pattern: '^[a-z0-9_]{1,32}$',
    description: 'Queue mode; one of the modes the service is configured with (QUEUE_MODES)',
  })
  @ValidateIf((o: JoinQueueDto) => o.mode !== undefined)
  @IsString()
  @Matches(/^[a-z0-9_]{1,32}$/, { message: 'mode must be 1 to 32 characters of a-z, 0-9 and _' })
  mode?: string;
}
