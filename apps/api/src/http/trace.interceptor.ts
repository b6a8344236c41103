import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { currentTraceId, runWithTrace } from '@libs/logging';

/**
 * Keeps the request's trace id around the handler's whole observable chain (subscription and async continuations),
 * also for callers that bypass the Fastify hooks, such as an app instance built without them.
 */
@Injectable()
export class TraceInterceptor implements NestInterceptor {
  /** True when the request already runs inside its trace context (the Fastify hooks entered it): nothing to carry. */
  static passesThrough(request: Partial<FastifyRequest> | undefined): boolean {
    const current = currentTraceId();
    const traceId = request?.traceId || current;
    return !traceId || current === traceId;
  }

  /** True when a route's interceptors are all trace interceptors (or it has none): nothing else wraps its handler. */
  static onlyTrace(interceptors: readonly NestInterceptor[]): boolean {
    return interceptors.every((i) => i instanceof TraceInterceptor);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (TraceInterceptor.passesThrough(request)) return next.handle();
    const traceId = request.traceId || currentTraceId()!;
    return new Observable((subscriber) => runWithTrace(traceId, () => next.handle().subscribe(subscriber)));
  }
}

let fastPathInstalled = false;

/**
 * Nest runs every interceptor inside an rxjs chain (defer, mergeAll, lastValueFrom, two AsyncResource binds) even
 * when the interceptor hands `next.handle()` back untouched; on a cheap route that chain was ~40 % of the CPU. When the
 * route's only interceptors are trace interceptors with nothing to carry for this request, the handler is called as
 * Nest calls it for a route without interceptors: same result, same context, no chain. Any other interceptor, or a
 * request outside its trace context, takes Nest's own path.
 */
export function installTraceInterceptorFastPath(): void {
  if (fastPathInstalled) return;
  fastPathInstalled = true;
  const original = InterceptorsConsumer.prototype.intercept;
  InterceptorsConsumer.prototype.intercept = function intercept(
    this: InterceptorsConsumer,
    interceptors: NestInterceptor[],
    args: unknown[],
    ...rest: unknown[]
  ) {
    const next = rest[2] as () => Promise<unknown>;
    if (interceptors.length > 0 && TraceInterceptor.onlyTrace(interceptors) && TraceInterceptor.passesThrough(args[0] as FastifyRequest)) {
      return next();
    }
    return (original as (...a: unknown[]) => Promise<unknown>).call(this, interceptors, args, ...rest);
  } as typeof original;
}
