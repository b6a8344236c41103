import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { HealthService } from './health.service';

/** Readiness as metrics, probed at scrape time: `gsm_ready` (1/0) and `gsm_dependency_up{dependency}`. */
@Injectable()
export class HealthMetrics {
  constructor(health: HealthService, metrics: MetricsService) {
    const dependencyUp = new Gauge({
      name: 'gsm_dependency_up',
      help: 'Whether a backing service answered the readiness probe at scrape time (1) or not (0)',
      labelNames: ['dependency'],
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'gsm_ready',
      help: 'Whether this replica is ready to serve traffic (1) or not (0), as /health/ready answers',
      registers: [metrics.registry],
      async collect() {
        const { ready, checks } = await health.readiness();
        this.set(ready ? 1 : 0);
        for (const [dependency, check] of Object.entries(checks)) dependencyUp.set({ dependency }, check.status === 'up' ? 1 : 0);
      },
    });
  }
}
