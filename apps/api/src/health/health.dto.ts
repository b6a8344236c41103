import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}

export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status: 'up' | 'down';
  @ApiPropertyOptional({ example: 0.42, description: 'Round-trip time of the probe in milliseconds (when up)' }) latency_ms?: number;
  @ApiPropertyOptional({ example: 'connection reconnecting', description: 'Why the dependency is down (when down)' }) error?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: DependencyCheckDto, example: { status: 'up', latency_ms: 0.42 } }) redis: DependencyCheckDto;
  @ApiProperty({ type: DependencyCheckDto, example: { status: 'up', latency_ms: 0.91 } }) mongodb: DependencyCheckDto;
  @ApiPropertyOptional({ type: DependencyCheckDto, description: 'Present (down) while the process shuts down', example: { status: 'down', error: 'shutting down' } })
  app?: DependencyCheckDto;
}

export class ReadyDto {
  @ApiProperty({ enum: ['ready'], example: 'ready' }) status: 'ready';
  @ApiProperty({ type: ReadinessChecksDto, example: { redis: { status: 'up', latency_ms: 0.42 }, mongodb: { status: 'up', latency_ms: 0.91 } } })
  checks: ReadinessChecksDto;
}

export class NotReadyDto {
  @ApiProperty({ enum: ['not_ready'], example: 'not_ready' }) status: 'not_ready';
  @ApiProperty({ type: [String], example: ['redis'], description: 'The checks that are down' }) failing: string[];
  @ApiProperty({
    type: ReadinessChecksDto,
    example: { redis: { status: 'down', error: 'connection reconnecting' }, mongodb: { status: 'up', latency_ms: 0.91 } },
  })
  checks: ReadinessChecksDto;
}
