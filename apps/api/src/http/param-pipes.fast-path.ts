import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context';

interface ParamOptions {
  index: number;
  type: RouteParamtypes | string;
  data: unknown;
  metatype: unknown;
  pipes: PipeTransform[];
  extractValue: (req: unknown, res: unknown, next: unknown) => unknown;
}

/** What `createPipesFn` builds for a route: fills `args` through the pipes, with a promise only if a pipe is async. */
export type PipesFn = (args: unknown[], req: unknown, res: unknown, next: unknown) => Promise<void> | void;

let installed = false;

/**
 * Nest resolves every route parameter through async functions (one per parameter, one per pipe, a reduce over pipe
 * promises and a Promise.all): about twenty promises per request on a route with two parameters, most of them for
 * pipes that answer at once (the global ValidationPipe leaves a custom decorator's value or a path string as it is;
 * ParseObjectIdPipe is synchronous). With the trace context's async hooks, each promise is a measurable cost.
 *
 * This replaces `RouterExecutionContext.createPipesFn` with the same resolution that waits only where something is
 * asynchronous: the same pipes (global, then the parameter's own), in the same order, each given the previous one's
 * result and Nest's metadata (`body`, `param`, `query` or `custom`). A parameter whose value or a pipe's answer is a
 * promise is awaited, as Nest awaits it; a pipe that throws fails the request as Nest's rejected promise does (the
 * caller awaits this inside the route's async handler); other parameters still being resolved are then left with a
 * handler, as `Promise.all` leaves them.
 */
export function installParamPipesFastPath(): void {
  if (installed) return;
  installed = true;
  const context = RouterExecutionContext.prototype as unknown as {
    createPipesFn(pipes: PipeTransform[], params: ParamOptions[]): PipesFn | null;
    isPipeable(type: RouteParamtypes | string): boolean;
  };
  context.createPipesFn = function createPipesFn(this: typeof context, pipes: PipeTransform[], params: ParamOptions[]): PipesFn | null {
    if (params.length === 0) return null;
    const prepared = params.map((param) => ({
      ...param,
      pipeable: this.isPipeable(param.type),
      all: pipes.concat(param.pipes),
      metadata: { metatype: param.metatype, type: tokenOf(param.type), data: param.data } as ArgumentMetadata,
    }));
    return (args, req, res, next) => {
      let pending: Promise<void>[] | null = null;
      try {
        for (const param of prepared) {
          const value = param.extractValue(req, res, next);
          if (!param.pipeable) {
            args[param.index] = value;
            continue;
          }
          const result = runPipes(value, param.metadata, param.all, 0);
          if (isThenable(result)) (pending ??= []).push(Promise.resolve(result).then((v) => void (args[param.index] = v)));
          else args[param.index] = result;
        }
      } catch (error) {
        // As Promise.all would: the first failure decides, the others are not left unhandled.
        for (const p of pending ?? []) p.catch(() => undefined);
        throw error;
      }
      return pending ? Promise.all(pending).then(() => undefined) : undefined;
    };
  };
}

/** Nest's PipesConsumer: each pipe gets the previous result, awaited; here awaited only when it is a promise. */
export function runPipes(value: unknown, metadata: ArgumentMetadata, pipes: PipeTransform[], from: number): unknown {
  if (isThenable(value)) return Promise.resolve(value).then((v) => runPipes(v, metadata, pipes, from));
  let current = value;
  for (let i = from; i < pipes.length; i++) {
    const result: unknown = pipes[i].transform(current, metadata);
    if (isThenable(result)) return Promise.resolve(result).then((v) => runPipes(v, metadata, pipes, i + 1));
    current = result;
  }
  return current;
}

/** Nest's ParamsTokenFactory: the `type` a pipe sees. */
function tokenOf(type: RouteParamtypes | string): ArgumentMetadata['type'] {
  if (type === RouteParamtypes.BODY) return 'body';
  if (type === RouteParamtypes.PARAM) return 'param';
  if (type === RouteParamtypes.QUERY) return 'query';
  return 'custom';
}

/** A promise, or anything with a `then` Nest would await as one. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
