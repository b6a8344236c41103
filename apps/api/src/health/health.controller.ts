import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DEPENDENCY_RETRY_AFTER_SECONDS, Public } from '@libs/common';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is up', schema: { example: { status: 'ok' } } })
  live(): { status: string } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({
    description: 'Redis and MongoDB answer',
    schema: { example: { status: 'ready', checks: { redis: { status: 'up', latency_ms: 0.4 }, mongodb: { status: 'up', latency_ms: 0.9 } } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down; `failing` names it',
    schema: { example: { status: 'not_ready', failing: ['redis'], checks: { redis: { status: 'down', error: 'connection reconnecting' } } } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ready, checks } = await this.health.readiness();
    if (ready) return { status: 'ready', checks };
    void reply.status(503).header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    const failing = Object.entries(checks).filter(([, c]) => c.status === 'down').map(([name]) => name);
    return { status: 'not_ready', failing, checks };
  }
}
