import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { LabelledHistogram } from './labelled-histogram';

/** One Prometheus registry per app instance; features register their own metrics on it. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** Observed on every response (series kept per method, route and status by the HTTP hooks). */
  readonly httpDuration: LabelledHistogram<'method' | 'route' | 'status'>;
  readonly errors: Counter<'status' | 'code'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gsm_' });
    this.httpDuration = new LabelledHistogram(
      'gsm_http_request_duration_seconds',
      'HTTP request duration by method, route pattern and status code',
      ['method', 'route', 'status'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      this.registry,
    );
    this.errors = new Counter({
      name: 'gsm_errors_total',
      help: 'Error answers by status and stable error code (e.g. 409 RESULT_DISPUTED, 503 DEPENDENCY_UNAVAILABLE)',
      labelNames: ['status', 'code'],
      registers: [this.registry],
    });
  }

  readonly countError = (status: number, code: string): void => {
    this.errors.inc({ status: String(status), code });
  };

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
