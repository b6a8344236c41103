import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import { isObservable, lastValueFrom, Observable } from 'rxjs';
import { currentTraceId, runWithTrace } from '@libs/logging';
import { installTraceInterceptorFastPath, TraceInterceptor } from './trace.interceptor';

class OtherInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

describe('installTraceInterceptorFastPath', () => {
  installTraceInterceptorFastPath();
  const consumer = new InterceptorsConsumer();
  const intercept = (interceptors: NestInterceptor[], request: object, next: () => Promise<unknown>) =>
    consumer.intercept(interceptors, [request, {}, () => undefined], {}, () => undefined, next, 'http');

  it('calls the handler directly when the only interceptor is a trace interceptor with nothing to carry', async () => {
    const result = await runWithTrace('t-1', () => intercept([new TraceInterceptor()], { traceId: 't-1' }, async () => 'handled'));
    expect(isObservable(result)).toBe(false);
    expect(result).toBe('handled');
  });

  it("takes Nest's own path when another interceptor is present", async () => {
    const result = await runWithTrace('t-2', () => intercept([new TraceInterceptor(), new OtherInterceptor()], { traceId: 't-2' }, async () => 'handled'));
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result as Observable<unknown>)).resolves.toBe('handled');
  });

  it("takes Nest's own path outside the request's trace context, and the handler then runs inside it", async () => {
    const result = await intercept([new TraceInterceptor()], { traceId: 't-3' }, async () => currentTraceId());
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result as Observable<unknown>)).resolves.toBe('t-3');
  });
});
