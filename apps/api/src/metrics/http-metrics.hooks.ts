import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onResponseHookHandler } from 'fastify';
import type { HistogramSeries } from './labelled-histogram';
import { MetricsService } from './metrics.service';

/** The route label of requests no route matched (the not-found handler's 404s). */
const UNMATCHED = 'unmatched';

/**
 * Records every response's duration by route pattern (never the raw URL, which would explode cardinality). Each route
 * gets its own response hook, which knows its pattern from when the route was added (Fastify's `request.routeOptions`
 * builds a fresh object on every read); requests no route matched are recorded by one hook on the whole server.
 */
export function registerHttpMetricsHooks(fastify: FastifyInstance, metrics: MetricsService): void {
  // One series per method, route pattern and status, found by a plain string key (the label object is built once).
  // Bounded by the routes times the statuses they answer.
  const observers = new Map<string, HistogramSeries>();
  const observe = (route: string, request: FastifyRequest, reply: FastifyReply): void => {
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.series({ method: request.method, route, status: String(reply.statusCode) });
      observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
  };
  fastify.addHook('onRoute', (route) => {
    const pattern = route.url;
    const onResponse = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
      observe(pattern, request, reply);
      done();
    };
    const own = route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
    route.onResponse = [...own, onResponse as onResponseHookHandler];
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.is404) observe(UNMATCHED, request, reply);
    done();
  });
}
