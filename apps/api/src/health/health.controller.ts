import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DEPENDENCY_RETRY_AFTER_SECONDS, Public } from '@libs/common';
import { LivenessDto, NotReadyDto, ReadyDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is up' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: Redis and MongoDB answer and the process is not shutting down' })
  @ApiOkResponse({ type: ReadyDto, description: 'Ready to serve traffic' })
  @ApiServiceUnavailableResponse({ type: NotReadyDto, description: 'A dependency is down or the process is shutting down; `failing` names which' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadyDto | NotReadyDto> {
    const { ready, checks } = await this.health.readiness();
    if (ready) return { status: 'ready', checks: checks as unknown as ReadyDto['checks'] };
    void reply.status(503).header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    const failing = Object.entries(checks).filter(([, c]) => c.status === 'down').map(([name]) => name);
    return { status: 'not_ready', failing, checks: checks as unknown as NotReadyDto['checks'] };
  }
}
