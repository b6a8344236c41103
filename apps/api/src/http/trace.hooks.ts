import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runWithTrace, traceIdFromHeaders } from '@libs/logging';

declare module 'fastify' {
  interface FastifyRequest {
    traceId: string;
  }
}

/**
 * Gives every request a trace id (from `traceparent` / `X-Request-ID`, else a new UUID), echoes it in `X-Request-ID`,
 * and runs guards, interceptors, handlers, services and repositories inside that trace context, so each log line
 * written while serving the request carries it. The context is entered in `preHandler`, after the body is parsed,
 * because stream events during parsing would lose it.
 */
export function registerTraceHooks(fastify: FastifyInstance): void {
  fastify.decorateRequest('traceId', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    request.traceId = traceIdFromHeaders(request.headers);
    void reply.header('X-Request-ID', request.traceId);
    done();
  });
  fastify.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    runWithTrace(request.traceId, done);
  });
}
