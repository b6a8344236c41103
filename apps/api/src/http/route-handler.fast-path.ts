import { CanActivate, ForbiddenException, NestInterceptor, StreamableFile } from '@nestjs/common';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants';
import { GuardsConsumer } from '@nestjs/core/guards/guards-consumer';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants';
import { markRejectedByPipes } from '@nestjs/core/router/rejected-by-pipes';
import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context';
import { RouterProxy } from '@nestjs/core/router/router-proxy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isObservable } from 'rxjs';
import { isThenable, PipesFn } from './param-pipes.fast-path';
import { TraceInterceptor } from './trace.interceptor';

type Handler = (req: unknown, res: unknown, next: unknown) => unknown;
type HandleResponse = (result: unknown, res: unknown, req: unknown, handlerObservable$?: unknown, handlerFiles?: unknown[]) => Promise<unknown>;

/** The parts of Nest's RouterExecutionContext that `create` builds a route's handler from. */
interface Context {
  getMetadata(...a: unknown[]): {
    argsLength: number;
    fnHandleResponse: HandleResponse;
    isSseHandler: boolean;
    paramtypes: unknown[];
    getParamsMetadata(moduleKey: string, contextId?: unknown, inquirerId?: string): { type: unknown }[];
    httpStatusCode: number;
    hasCustomHeaders: boolean;
    responseHeaders: unknown[];
  };
  contextUtils: { mergeParamsMetatypes(params: unknown[], paramtypes: unknown[]): unknown[] };
  pipesContextCreator: { create(...a: unknown[]): unknown[] };
  guardsContextCreator: { create(...a: unknown[]): CanActivate[] };
  interceptorsContextCreator: { create(...a: unknown[]): NestInterceptor[] };
  createPipesFn(pipes: unknown[], params: unknown[]): PipesFn | null;
  isResponseHandled(instance: object, methodName: string, params: unknown[]): boolean;
  reflectRedirect(callback: unknown): unknown;
  reflectRenderTemplate(callback: unknown): unknown;
  guardsConsumer: GuardsConsumer;
  responseController: { setStatus(res: unknown, status: number): void; setHeaders(res: unknown, headers: unknown[]): void };
  applicationRef: { reply(res: unknown, body: unknown, status?: number): unknown };
}

let installed = false;

type ExceptionsHandler = { next(error: unknown, host: ExecutionContextHost): void };

/**
 * Nest answers every request through a chain of async functions (the handler context, the guards' consumer and its
 * result, the interceptors, the response's transform and apply), and for a route with any interceptor it also builds
 * an rxjs ReplaySubject per request: about a sixth of the CPU of `GET /health/live` (8 of 47 µs measured against the
 * same answer from a plain Fastify route behind the same hooks).
 *
 * This wraps `RouterExecutionContext.create` so that a route whose only interceptors are trace interceptors gets a
 * handler that does what Nest's does, in the same order, waiting only where something is asynchronous: the guards
 * (false is Nest's 403; a promise or an Observable is awaited as Nest awaits it), the status and `@Header()` headers,
 * the parameters through their pipes (a rejection marks the request as Nest does), the handler, and the answer
 * through the platform's `reply` (a handler's promise awaited; an Observable, a StreamableFile or a response the
 * handler writes itself through `@Res()` go to Nest's own response function, as without interceptors).
 *
 * Nest's router proxy, the async function around every handler, answers the platform at once when the handler's
 * answer was already sent (below).
 *
 * Nest's own handler still serves a request outside its trace context (the interceptor then has work to do), and
 * routes this does not cover: server-sent events, render and redirect routes, request-scoped controllers, and routes
 * with any other interceptor.
 */
export function installRouteHandlerFastPath(): void {
  if (installed) return;
  installed = true;
  const proto = RouterExecutionContext.prototype as unknown as Context & { create(...a: unknown[]): Handler };
  const original = proto.create;
  proto.create = function create(this: Context, ...params: unknown[]): Handler {
    const nest = original.apply(this, params);
    const [instance, callback, methodName, moduleKey, requestMethod, contextId = STATIC_CONTEXT, inquirerId] = params as [
      object,
      (...args: unknown[]) => unknown,
      string,
      string,
      unknown,
      unknown,
      string | undefined,
    ];
    if (contextId !== STATIC_CONTEXT) return nest;
    const meta = this.getMetadata(instance, callback, methodName, moduleKey, requestMethod, 'http');
    if (meta.isSseHandler || this.reflectRedirect(callback) || this.reflectRenderTemplate(callback)) return nest;
    const interceptors = this.interceptorsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    if (!TraceInterceptor.onlyTrace(interceptors)) return nest;

    const paramsMetadata = meta.getParamsMetadata(moduleKey, contextId, inquirerId);
    const responseHandled = this.isResponseHandled(instance, methodName, paramsMetadata);
    const pipes = this.pipesContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    const applyPipes = this.createPipesFn(pipes, this.contextUtils.mergeParamsMetatypes(paramsMetadata, meta.paramtypes));
    const guards = this.guardsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    const { argsLength, fnHandleResponse, httpStatusCode, hasCustomHeaders, responseHeaders } = meta;
    const { responseController, applicationRef, guardsConsumer } = this;

    const answer = (result: unknown, req: unknown, res: unknown): unknown => {
      if (responseHandled || isObservable(result) || result instanceof StreamableFile) return fnHandleResponse(result, res, req, undefined, []);
      // No status here: it was set before the handler ran, which may have changed it (`@Res({ passthrough: true })`).
      return applicationRef.reply(res, result);
    };
    const handle = (args: unknown[], req: unknown, res: unknown): unknown => {
      const result = callback.apply(instance, args);
      return isThenable(result) ? Promise.resolve(result).then((value) => answer(value, req, res)) : answer(result, req, res);
    };
    const afterGuards = (req: unknown, res: unknown, next: unknown): unknown => {
      responseController.setStatus(res, httpStatusCode);
      if (hasCustomHeaders) responseController.setHeaders(res, responseHeaders);
      const args = new Array<unknown>(argsLength);
      for (let i = 0; i < argsLength; i++) args[i] = undefined;
      let piped: Promise<void> | void;
      try {
        piped = applyPipes?.(args, req, res, next);
      } catch (error) {
        return rejectedByPipes(req, error);
      }
      return piped ? piped.then(() => handle(args, req, res), (error: unknown) => rejectedByPipes(req, error)) : handle(args, req, res);
    };

    const fast: Handler = (req, res, next) => {
      if (!TraceInterceptor.passesThrough(req as FastifyRequest)) return nest(req, res, next);
      if (guards.length === 0) return afterGuards(req, res, next);
      const context = guardsConsumer.createContext([req, res, next], instance as never, callback);
      context.setType('http');
      const allowed = activate(guards, context, guardsConsumer, 0);
      if (allowed === true) return afterGuards(req, res, next);
      if (allowed === false) throw new ForbiddenException(FORBIDDEN_MESSAGE);
      return allowed.then((ok) => {
        if (!ok) throw new ForbiddenException(FORBIDDEN_MESSAGE);
        return afterGuards(req, res, next);
      });
    };
    return fast;
  };

  // Nest's router proxy is an async function that awaits the handler (and so the Fastify reply it returns, which
  // settles once the answer is sent) and hands an exception to the exception filters, answering Fastify with a promise
  // of nothing (or of the response, after an exception). This one does the same, except that when the answer was
  // already sent by the time the handler returned (only the handlers above ever return so), it answers Fastify with
  // nothing at once: no async function, no await, no promise for Fastify to follow. Anything still pending, which is
  // everything Nest's own handlers return, gets a promise as with Nest's.
  RouterProxy.prototype.createProxy = function createProxy(this: RouterProxy, targetCallback: Handler, exceptionsHandler: ExceptionsHandler) {
    const fail = (error: unknown, req: unknown, res: unknown, next: unknown): unknown => {
      exceptionsHandler.next(error, new ExecutionContextHost([req, res, next]));
      return res;
    };
    return (req: unknown, res: unknown, next: unknown) => {
      let result: unknown;
      try {
        result = targetCallback(req, res, next);
      } catch (error) {
        return Promise.resolve(fail(error, req, res, next));
      }
      // An answer sent at once comes back as the reply itself, a thenable that is already settled once sent.
      if ((result === res || result === undefined) && (res as FastifyReply).sent) return undefined;
      return Promise.resolve(result).then(
        () => undefined,
        (error: unknown) => fail(error, req, res, next),
      );
    };
  } as RouterProxy['createProxy'];
}

/** A parameter's pipe failed: the request is marked as Nest marks it, for interceptors that release what they prepared. */
function rejectedByPipes(req: unknown, error: unknown): never {
  markRejectedByPipes(req);
  throw error;
}

/**
 * Nest's GuardsConsumer.tryActivate: each guard in order, the first refusal decides; a guard's promise or Observable
 * is settled by Nest's own `pickResult` (an Observable's last value counts) before the next guard runs. Answers at
 * once while guards do.
 */
export function activate(guards: CanActivate[], context: ExecutionContextHost, consumer: GuardsConsumer, from: number): boolean | Promise<boolean> {
  for (let i = from; i < guards.length; i++) {
    const result = guards[i].canActivate(context);
    if (typeof result === 'boolean') {
      if (!result) return false;
      continue;
    }
    return consumer.pickResult(result).then((value) => (value ? activate(guards, context, consumer, i + 1) : false));
  }
  return true;
}
