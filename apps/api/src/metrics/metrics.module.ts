import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '@libs/config';
import { RedisErrorMetrics } from './dependency.metrics';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';

@Global()
@Module({})
export class MetricsModule {
  /** `/metrics` is routed on the API port only when no separate METRICS_PORT is configured. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      controllers: config.http.metricsPort === 0 ? [MetricsController] : [],
      providers: [MetricsService, MetricsServer, RedisErrorMetrics],
      exports: [MetricsService, MetricsServer],
    };
  }
}
