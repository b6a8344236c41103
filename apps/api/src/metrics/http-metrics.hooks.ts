import type { FastifyInstance } from 'fastify';
import type { HistogramSeries } from './labelled-histogram';
import { MetricsService } from './metrics.service';

/** Records every response's duration by route pattern (never the raw URL, which would explode cardinality). */
export function registerHttpMetricsHooks(fastify: FastifyInstance, metrics: MetricsService): void {
  // One series per method, route pattern and status, found by a plain string key (the label object is built once).
  // Bounded by the routes times the statuses they answer.
  const observers = new Map<string, HistogramSeries>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.series({ method: request.method, route, status: String(reply.statusCode) });
      observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    done();
  });
}
