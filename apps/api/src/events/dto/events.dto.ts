import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { IssuedTicket } from '../event-tickets';

export class StreamTicketDto implements IssuedTicket {
  @ApiProperty({ example: 'Zr3n0bQ2m8Jb3f1oWc9V2gq4T1s0k7yXh5uLdEaPz6M', description: 'Pass as `GET /api/v1/events?ticket=...`; single use' })
  ticket: string;
  @ApiProperty({ type: 'integer', example: 30, description: 'Seconds until the ticket expires (at most 60)' })
  expires_in: number;
}

export class StreamQueryDto {
  @ApiPropertyOptional({
    example: 'Zr3n0bQ2m8Jb3f1oWc9V2gq4T1s0k7yXh5uLdEaPz6M',
    description: 'One-time ticket from `POST /api/v1/events/ticket` (for EventSource, which cannot send headers)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  ticket?: string;

  @ApiPropertyOptional({
    example: '1796057321106-7',
    description: 'Resume after this event id when the `Last-Event-ID` header cannot be sent (the header wins when both are given)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  last_event_id?: string;
}
