import pino from 'pino';
import { AppConfig } from '@libs/config';
import { AppLogger, currentTraceId } from '@libs/logging';
import type { MatchQueue } from './match-queue';
import { MatchmakerScheduler } from './matchmaker.scheduler';
import type { MatchmakerService } from './matchmaker.service';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(enabled: boolean, tickMs: number, hasWork: (mode: string) => Promise<boolean> = async () => true) {
  const calls: { mode: string; trace: string | null; started: number; finished?: number }[] = [];
  const matchmaker = {
    holder: 'test',
    hasWork,
    runIfLeader: async (mode: string) => {
      const call: (typeof calls)[number] = { mode, trace: currentTraceId(), started: Date.now() };
      calls.push(call);
      await sleep(tickMs);
      call.finished = Date.now();
      return null;
    },
  } as unknown as MatchmakerService;
  const queue = { activeModes: async () => ['ranked_1v1', 'casual_1v1'] } as unknown as MatchQueue;
  const config = { matchmaker: { enabled, intervalMs: 20 } } as unknown as AppConfig;
  const scheduler = new MatchmakerScheduler(matchmaker, queue, config, new AppLogger(pino({ level: 'silent' })));
  return { scheduler, calls };
}

describe('MatchmakerScheduler', () => {
  it('does nothing when the matchmaker is disabled', async () => {
    const { scheduler, calls } = setup(false, 0);
    scheduler.onApplicationBootstrap();
    await sleep(80);
    await scheduler.onModuleDestroy();
    expect(calls).toEqual([]);
  });

  it('ticks every mode repeatedly, each mode tick in its own trace id', async () => {
    const { scheduler, calls } = setup(true, 0);
    scheduler.onApplicationBootstrap();
    await sleep(150);
    await scheduler.onModuleDestroy();
    expect(calls.filter((c) => c.mode === 'ranked_1v1').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.mode === 'casual_1v1').length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => typeof c.trace === 'string')).toBe(true);
    expect(new Set(calls.map((c) => c.trace)).size).toBe(calls.length);
  });

  it('never overlaps ticks, and shutdown waits for the running tick and stops scheduling', async () => {
    const { scheduler, calls } = setup(true, 60);
    scheduler.onApplicationBootstrap();
    while (calls.length === 0) await sleep(5);
    await scheduler.onModuleDestroy();
    const stoppedAt = Date.now();
    expect(calls.every((c) => c.finished !== undefined && c.finished <= stoppedAt)).toBe(true);
    for (let i = 1; i < calls.length; i++) expect(calls[i].started).toBeGreaterThanOrEqual(calls[i - 1].finished!);
    const count = calls.length;
    await sleep(100);
    expect(calls.length).toBe(count);
  });

  it('ticks only the modes that have work, and a mode whose check fails as if it had', async () => {
    const asked: string[] = [];
    const { scheduler, calls } = setup(true, 0, async (mode) => {
      asked.push(mode);
      if (mode === 'casual_1v1') throw new Error('redis down');
      return false;
    });
    scheduler.onApplicationBootstrap();
    await sleep(150);
    await scheduler.onModuleDestroy();
    expect(asked.filter((m) => m === 'ranked_1v1').length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.mode === 'casual_1v1')).toBe(true);
  });
});
