import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { PipesConsumer } from '@nestjs/core/pipes/pipes-consumer';
import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context';
import { installParamPipesFastPath, PipesFn } from './param-pipes.fast-path';
type Create = (pipes: PipeTransform[], params: object[]) => PipesFn | null;

const proto = RouterExecutionContext.prototype as unknown as { createPipesFn: Create; isPipeable(type: unknown): boolean };
const nestCreate = proto.createPipesFn;
installParamPipesFastPath();
const fastCreate = proto.createPipesFn;
// Both are called on an object that has what they use from the router context.
const host = { isPipeable: proto.isPipeable, pipesConsumer: new PipesConsumer(), getParamValue: (proto as unknown as { getParamValue: unknown }).getParamValue };

const param = (index: number, type: RouteParamtypes | string, value: unknown, pipes: PipeTransform[] = [], metatype: unknown = String, data?: string) => ({
  index,
  type,
  data,
  metatype,
  pipes,
  extractValue: () => value,
});

const upper: PipeTransform = { transform: (v: string) => v.toUpperCase() };
const later: PipeTransform = { transform: async (v: string) => `${v}!` };
const seen: ArgumentMetadata[] = [];
const recording: PipeTransform = { transform: (v: unknown, m: ArgumentMetadata) => (seen.push(m), v) };
const failing: PipeTransform = {
  transform: () => {
    throw new BadRequestException('bad id');
  },
};

/** Runs one route's parameters through Nest's own resolution and through the fast path. */
async function both(global: PipeTransform[], params: ReturnType<typeof param>[]) {
  const out = [] as { args: unknown[]; returned: unknown }[];
  for (const create of [nestCreate, fastCreate]) {
    const args = new Array(params.length).fill(null);
    const returned = create.call(host, global, params)!(args, {}, {}, () => undefined);
    await returned;
    out.push({ args, returned });
  }
  return { nest: out[0], fast: out[1] };
}

describe('installParamPipesFastPath', () => {
  it('gives every parameter the value Nest gives it: pipes in order, global first, awaited where asynchronous', async () => {
    const { nest, fast } = await both(
      [upper],
      [param(0, 'custom:actor', 'p1', []), param(1, RouteParamtypes.PARAM, 'abc', [later], String, 'id'), param(2, RouteParamtypes.QUERY, 'q', [])],
    );
    expect(fast.args).toEqual(nest.args);
    // The global pipe runs on a custom decorator's value too.
    expect(fast.args).toEqual(['P1', 'ABC!', 'Q']);
  });

  it('answers without a promise when every pipe answers at once', async () => {
    const { nest, fast } = await both([upper], [param(0, RouteParamtypes.PARAM, 'abc', [upper], String, 'id')]);
    expect(nest.returned).toBeInstanceOf(Promise);
    expect(fast.returned).toBeUndefined();
    expect(fast.args).toEqual(['ABC']);
  });

  it('awaits a promised value before the pipes, as Nest does, and leaves non-pipeable values as they are', async () => {
    const raw = Promise.resolve('x');
    const { nest, fast } = await both([], [param(0, RouteParamtypes.BODY, Promise.resolve('body'), [], Object), param(1, RouteParamtypes.REQUEST, raw)]);
    expect(fast.args[0]).toBe('body');
    expect(fast.args[1]).toBe(raw);
    expect(fast.args).toEqual(nest.args);
  });

  it('hands every pipe the metadata Nest hands it (body, param, query, custom)', async () => {
    seen.length = 0;
    await both([recording], [param(0, RouteParamtypes.BODY, {}, [], Object), param(1, RouteParamtypes.PARAM, 'a', [], String, 'id'), param(2, RouteParamtypes.QUERY, {}, [], Object), param(3, 'custom:actor', 1, [], Number)]);
    const [nestSeen, fastSeen] = [seen.slice(0, 4), seen.slice(4)];
    expect(fastSeen).toEqual(nestSeen);
    expect(fastSeen.map((m) => m.type)).toEqual(['body', 'param', 'query', 'custom']);
  });

  it('fails the request with the pipe error, leaving no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const slowFailure: PipeTransform = { transform: () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 5)) };
      const params = [param(0, RouteParamtypes.BODY, {}, [slowFailure], Object), param(1, RouteParamtypes.PARAM, 'zz', [failing], String, 'id')];
      const run = async () => fastCreate.call(host, [], params)!(new Array(2).fill(null), {}, {}, () => undefined);
      await expect(run()).rejects.toThrow('bad id');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('resolves nothing for a route without parameters', () => {
    expect(fastCreate.call(host, [upper], [])).toBeNull();
  });
});
