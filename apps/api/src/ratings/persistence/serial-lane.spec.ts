import { SerialLane } from './serial-lane';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('SerialLane', () => {
  it('runs tasks one at a time, in arrival order', async () => {
    const lane = new SerialLane();
    const events: string[] = [];
    let inside = 0;
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        lane.run(async () => {
          inside++;
          expect(inside).toBe(1);
          events.push(`start ${n}`);
          await tick();
          events.push(`end ${n}`);
          inside--;
          return n * 10;
        }),
      ),
    );
    expect(results).toEqual([10, 20, 30]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(lane.length).toBe(0);
  });

  it('keeps going after a task fails, and hands the failure to its caller', async () => {
    const lane = new SerialLane();
    const failed = lane.run(async () => Promise.reject(new Error('boom')));
    const next = lane.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(lane.length).toBe(0);
  });
});
