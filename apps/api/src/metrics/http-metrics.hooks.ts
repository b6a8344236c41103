import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** Records every response's duration by route pattern (never the raw URL, which would explode cardinality). */
export function registerHttpMetricsHooks(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
