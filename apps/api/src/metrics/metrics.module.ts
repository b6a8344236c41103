import { Global, Module } from '@nestjs/common';
import { RedisErrorMetrics } from './dependency.metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService, RedisErrorMetrics], exports: [MetricsService] })
export class MetricsModule {}
