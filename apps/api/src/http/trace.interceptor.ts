import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { currentTraceId, runWithTrace } from '@libs/logging';

/**
 * Keeps the request's trace id around the handler's whole observable chain (subscription and async continuations),
 * also for callers that bypass the Fastify hooks, such as an app instance built without them.
 */
@Injectable()
export class TraceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const traceId = request.traceId || currentTraceId();
    if (!traceId || currentTraceId() === traceId) return next.handle();
    return new Observable((subscriber) => runWithTrace(traceId, () => next.handle().subscribe(subscriber)));
  }
}
