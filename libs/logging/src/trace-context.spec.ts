import { createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { currentTraceId, runWithTrace } from './trace-context';

/** One HTTP round trip to a local server: a continuation resumed by real socket I/O. */
function roundTrip(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe('trace context', () => {
  const server = createServer((_req, res) => setTimeout(() => res.end('ok'), Math.random() * 5));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('is null outside any run and set inside one, also when the run throws', () => {
    expect(currentTraceId()).toBeNull();
    expect(runWithTrace('t-sync', () => currentTraceId())).toBe('t-sync');
    expect(() =>
      runWithTrace('t-throw', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(currentTraceId()).toBeNull();
  });

  it('follows awaits across timers, immediates, socket I/O, Promise.all and thenables', async () => {
    const seen = await runWithTrace('t-await', async () => {
      const ids: (string | null)[] = [];
      await sleep(2);
      ids.push(currentTraceId());
      await immediate();
      ids.push(currentTraceId());
      expect(await roundTrip(port)).toBe('ok');
      ids.push(currentTraceId());
      const inner = await Promise.all([sleep(1).then(() => currentTraceId()), (async () => (await immediate(), currentTraceId()))()]);
      ids.push(...inner);
      await { then: (resolve: (v: number) => void) => setTimeout(() => resolve(1), 1) };
      ids.push(currentTraceId());
      return ids;
    });
    expect(seen).toEqual(Array(6).fill('t-await'));
    expect(currentTraceId()).toBeNull();
  });

  it('keeps concurrent runs apart, each resuming in its own context', async () => {
    const worker = async (i: number) => {
      const ids: (string | null)[] = [];
      for (let step = 0; step < 5; step++) {
        if (step % 2) await sleep(Math.random() * 3);
        else await roundTrip(port);
        ids.push(currentTraceId());
      }
      return ids;
    };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => runWithTrace(`t-${i}`, () => worker(i))));
    results.forEach((ids, i) => expect(ids).toEqual(Array(5).fill(`t-${i}`)));
  });

  it('gives a promise made outside every run, awaited inside one, the awaiting run', async () => {
    let release!: () => void;
    const shared = new Promise<void>((resolve) => (release = resolve));
    const waiters = ['t-a', 't-b'].map((id) =>
      runWithTrace(id, async () => {
        await shared;
        return currentTraceId();
      }),
    );
    const chained = runWithTrace('t-then', () => shared.then(() => currentTraceId()));
    setTimeout(release, 2);
    expect(await Promise.all([...waiters, chained])).toEqual(['t-a', 't-b', 't-then']);
  });

  it('restores the outer run after a nested one, also across awaits', async () => {
    const seen = await runWithTrace('t-outer', async () => {
      const inner = runWithTrace('t-inner', async () => {
        await sleep(1);
        return currentTraceId();
      });
      const outerNow = currentTraceId();
      await sleep(2);
      return [outerNow, await inner, currentTraceId()];
    });
    expect(seen).toEqual(['t-outer', 't-inner', 't-outer']);
  });

  it('does not leak into work resumed after the run settled', async () => {
    await runWithTrace('t-done', async () => {
      await sleep(1);
    });
    await sleep(1);
    expect(currentTraceId()).toBeNull();
    const later = await new Promise((resolve) => setTimeout(() => resolve(currentTraceId()), 1));
    expect(later).toBeNull();
  });
});
