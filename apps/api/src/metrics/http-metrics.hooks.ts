import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

type Observer = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

/** Records every response's duration by route pattern (never the raw URL, which would explode cardinality). */
export function registerHttpMetricsHooks(fastify: FastifyInstance, metrics: MetricsService): void {
  // One labelled child per method, route pattern and status, found by a plain string key: prom-client would otherwise
  // sort and join the label object on every observation. Bounded by the routes times the statuses they answer.
  const observers = new Map<string, Observer>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
      observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    done();
  });
}
