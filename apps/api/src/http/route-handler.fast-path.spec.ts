import {
  BadRequestException,
  CallHandler,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Header,
  HttpCode,
  Injectable,
  Module,
  NestInterceptor,
  Param,
  PipeTransform,
  Post,
  Res,
  StreamableFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isRejectedByPipes } from '@nestjs/core/router/rejected-by-pipes';
import { RouterResponseController } from '@nestjs/core/router/router-response-controller';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable, of } from 'rxjs';
import { currentTraceId } from '@libs/logging';
import { registerTraceHooks } from './trace.hooks';
import { installTraceInterceptorFastPath, TraceInterceptor } from './trace.interceptor';
import { installRouteHandlerFastPath } from './route-handler.fast-path';

/** What the handlers and guards saw, by request; and what each route's handler gave Fastify back (`returned`). */
const seen: { guards: string[]; handled: string[]; rejected: boolean[]; traceIds: (string | null)[]; returned: string[] } = {
  guards: [],
  handled: [],
  rejected: [],
  traceIds: [],
  returned: [],
};

const guard = (name: string, answer: (req: FastifyRequest) => boolean | Promise<boolean> | Observable<boolean>): CanActivate => ({
  canActivate(context: ExecutionContext) {
    seen.guards.push(`${name}:${context.getType()}:${context.getClass().name}.${context.getHandler().name}`);
    return answer(context.switchToHttp().getRequest<FastifyRequest>());
  },
});
const syncYes = guard('sync', () => true);
const asyncYes = guard('async', async () => true);
const refuses = guard('refuses', () => false);
const asyncRefuses = guard('asyncRefuses', async () => false);
const observedNo = guard('observedNo', () => of(true, false));
const byHeader = guard('byHeader', (req) => req.headers['x-allow'] === 'yes');

const failingPipe: PipeTransform = {
  transform: (value: string) => {
    if (value === 'bad') throw new BadRequestException('bad value');
    return value.toUpperCase();
  },
};
const slowPipe: PipeTransform = { transform: async (value: string) => `${value}!` };

@Injectable()
class Doubler implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => ({ doubled: value })));
  }
}

@Controller('t')
class FastController {
  @Get('plain')
  plain() {
    seen.handled.push('plain');
    return { ok: true };
  }

  @Get('later')
  async later() {
    await new Promise((r) => setTimeout(r, 5));
    return { later: currentTraceId() };
  }

  @Post('created')
  created() {
    return { made: 1 };
  }

  @Get('code')
  @HttpCode(202)
  @Header('X-Extra', 'yes')
  code() {
    return { accepted: true };
  }

  @Get('guarded')
  @UseGuards(syncYes, asyncYes, byHeader)
  guarded() {
    seen.handled.push('guarded');
    return { passed: true };
  }

  @Get('refused')
  @UseGuards(refuses, syncYes)
  refused() {
    seen.handled.push('refused');
    return {};
  }

  @Get('async-refused')
  @UseGuards(asyncYes, asyncRefuses, syncYes)
  asyncRefused() {
    seen.handled.push('async-refused');
    return {};
  }

  @Get('observed')
  @UseGuards(observedNo)
  observed() {
    seen.handled.push('observed');
    return {};
  }

  @Get('piped/:id')
  piped(@Param('id', failingPipe, slowPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    seen.rejected.push(isRejectedByPipes(reply.request));
    return { id };
  }

  @Get('throws')
  throws() {
    throw new BadRequestException('thrown by the handler');
  }

  @Get('rejects')
  async rejects() {
    throw new Error('boom');
  }

  @Get('passthrough')
  passthrough(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.status(418).header('X-Own', '1');
    return { teapot: true };
  }

  @Get('own')
  own(@Res() reply: FastifyReply) {
    void reply.status(207).send({ written: 'by the handler' });
  }

  @Get('observable')
  observable() {
    return of({ n: 1 }, { n: 2 });
  }

  @Get('file')
  file() {
    return new StreamableFile(Buffer.from('file body'), { type: 'text/plain' });
  }

  @Get('other-interceptor')
  @UseInterceptors(Doubler)
  other() {
    return 21;
  }

  @Get('trace')
  trace() {
    seen.traceIds.push(currentTraceId());
    return { trace: currentTraceId() };
  }
}

@Module({ controllers: [FastController] })
class FastModule {}

async function app(withTraceHooks: boolean): Promise<NestFastifyApplication> {
  const nest = await NestFactory.create<NestFastifyApplication>(FastModule, new FastifyAdapter(), { logger: false });
  const fastify = nest.getHttpAdapter().getInstance();
  // Records whether the handler Nest registers (its router proxy) answered Fastify with nothing or with a promise.
  fastify.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: unknown, request, reply) {
      const result = (handler as (...a: unknown[]) => unknown).call(this, request, reply);
      seen.returned.push(result === undefined ? 'nothing' : typeof (result as { then?: unknown }).then === 'function' ? 'promise' : 'value');
      return result as never;
    };
  });
  if (withTraceHooks) registerTraceHooks(fastify);
  else
    // A trace id the request is not running under: the interceptor has work to do, so Nest's own handler serves it.
    fastify.addHook('onRequest', (request, _reply, done) => {
      request.traceId = 'outside-1';
      done();
    });
  nest.useGlobalInterceptors(new TraceInterceptor());
  installTraceInterceptorFastPath();
  installRouteHandlerFastPath();
  await nest.init();
  await fastify.ready();
  return nest;
}

describe('installRouteHandlerFastPath', () => {
  let fast: NestFastifyApplication;
  let outside: NestFastifyApplication;
  const get = (url: string, headers: Record<string, string> = {}) => fast.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    fast = await app(true);
    outside = await app(false);
  });
  afterAll(async () => {
    await fast.close();
    await outside.close();
  });
  beforeEach(() => {
    seen.guards.length = seen.handled.length = seen.rejected.length = seen.traceIds.length = seen.returned.length = 0;
  });

  it("serves a covered route without Nest's response chain, and a request outside its trace context through it", async () => {
    const transform = jest.spyOn(RouterResponseController.prototype, 'transformToResult');
    try {
      expect((await get('/t/plain')).statusCode).toBe(200);
      expect(transform).not.toHaveBeenCalled();
      expect((await outside.inject({ method: 'GET', url: '/t/plain' })).statusCode).toBe(200);
      expect(transform).toHaveBeenCalledTimes(1);
    } finally {
      transform.mockRestore();
    }
  });

  it('answers a synchronous handler with its value and the method’s status', async () => {
    const res = await get('/t/plain');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const created = await fast.inject({ method: 'POST', url: '/t/created' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ made: 1 });
  });

  it('answers Fastify at once when the handler answered synchronously, and with a promise otherwise', async () => {
    expect((await get('/t/plain')).json()).toEqual({ ok: true });
    expect((await get('/t/later', { 'x-request-id': 'trace-sync' })).json()).toEqual({ later: 'trace-sync' });
    expect((await get('/t/throws')).statusCode).toBe(400);
    expect((await get('/t/own')).statusCode).toBe(207);
    // Outside its trace context a request goes through Nest's own handler and router proxy: a promise.
    expect((await outside.inject({ method: 'GET', url: '/t/plain' })).statusCode).toBe(200);
    // A @Res() handler's answer goes through Nest's own response function, which is asynchronous: a promise too.
    expect(seen.returned).toEqual(['nothing', 'promise', 'promise', 'promise', 'promise']);
  });

  it('awaits an async handler, which keeps the trace context across its awaits', async () => {
    const res = await get('/t/later', { 'x-request-id': 'trace-later' });
    expect(res.json()).toEqual({ later: 'trace-later' });
  });

  it('applies @HttpCode and @Header', async () => {
    const res = await get('/t/code');
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-extra']).toBe('yes');
  });

  it('runs every guard in order with an http context, awaiting asynchronous ones', async () => {
    const res = await get('/t/guarded', { 'x-allow': 'yes' });
    expect(res.statusCode).toBe(200);
    expect(seen.guards).toEqual(['sync', 'async', 'byHeader'].map((g) => `${g}:http:FastController.guarded`));
    expect(seen.handled).toEqual(['guarded']);
  });

  it('answers 403 at the first refusal, synchronous, asynchronous or an Observable’s last value, without running the rest', async () => {
    for (const [url, guards] of [
      ['/t/guarded', ['sync', 'async', 'byHeader']],
      ['/t/refused', ['refuses']],
      ['/t/async-refused', ['async', 'asyncRefuses']],
      ['/t/observed', ['observedNo']],
    ] as const) {
      seen.guards.length = 0;
      const res = await get(url);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ statusCode: 403, message: 'Forbidden resource' });
      expect(seen.guards.map((g) => g.split(':')[0])).toEqual(guards);
    }
    expect(seen.handled).toEqual([]);
  });

  it('runs parameter pipes in order, awaiting asynchronous ones, and marks a request its pipes rejected', async () => {
    const ok = await get('/t/piped/abc');
    expect(ok.json()).toEqual({ id: 'ABC!' });
    expect(seen.rejected).toEqual([false]);
    const bad = await get('/t/piped/bad');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ message: 'bad value' });
    // The handler never ran for the rejected request.
    expect(seen.rejected).toEqual([false]);
  });

  it('hands a handler’s exception, thrown or rejected, to the exception filters', async () => {
    const thrown = await get('/t/throws');
    expect(thrown.statusCode).toBe(400);
    expect(thrown.json()).toMatchObject({ message: 'thrown by the handler' });
    const rejected = await get('/t/rejects');
    expect(rejected.statusCode).toBe(500);
  });

  it('keeps what a handler sets through @Res({ passthrough: true }), and lets a handler with @Res() answer itself', async () => {
    const passthrough = await get('/t/passthrough');
    expect(passthrough.statusCode).toBe(418);
    expect(passthrough.headers['x-own']).toBe('1');
    expect(passthrough.json()).toEqual({ teapot: true });
    const own = await get('/t/own');
    expect(own.statusCode).toBe(207);
    expect(own.json()).toEqual({ written: 'by the handler' });
  });

  it('answers an Observable with its last value and a StreamableFile with its stream, as Nest does', async () => {
    expect((await get('/t/observable')).json()).toEqual({ n: 2 });
    const file = await get('/t/file');
    expect(file.body).toBe('file body');
    expect(file.headers['content-type']).toBe('text/plain');
  });

  it('leaves a route with another interceptor to Nest, whose interceptor then applies', async () => {
    expect((await get('/t/other-interceptor')).json()).toEqual({ doubled: 21 });
  });

  it('leaves a request outside its trace context to Nest, whose trace interceptor enters it', async () => {
    const res = await outside.inject({ method: 'GET', url: '/t/trace' });
    expect(res.json()).toEqual({ trace: 'outside-1' });
    expect(seen.traceIds).toEqual(['outside-1']);
    const guarded = await outside.inject({ method: 'GET', url: '/t/refused' });
    expect(guarded.statusCode).toBe(403);
  });
});
