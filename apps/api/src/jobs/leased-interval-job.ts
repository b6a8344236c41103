import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { newTraceId, runWithTrace, ServiceLogger } from '@libs/logging';
import { keys, RedisClient } from '@libs/redis';

export interface LeasedIntervalJobOptions {
  /** Job name: the interval's name and the lease key (snake_case; `<name>_failed` is logged on errors). */
  name: string;
  intervalMs: number;
  redis: RedisClient;
  scheduler: SchedulerRegistry;
  log: ServiceLogger;
  /** The work of one run; only called by the replica holding this tick's lease. */
  run: () => Promise<void>;
}

/**
 * A periodic job for N replicas: each run has its own trace id, runs never overlap in one process, and a short Redis
 * lease lets one replica per tick do the work. The lease only saves repeated work; the jobs themselves stay correct
 * when several replicas run at once.
 */
export class LeasedIntervalJob {
  private readonly owner = randomUUID();
  private running: Promise<void> | null = null;

  constructor(private readonly options: LeasedIntervalJobOptions) {}

  start(): void {
    this.options.scheduler.addInterval(this.options.name, setInterval(() => void this.tick(), this.options.intervalMs));
  }

  /** Stops the timer and lets a run in progress finish before connections close. */
  async stop(): Promise<void> {
    if (this.options.scheduler.doesExist('interval', this.options.name)) this.options.scheduler.deleteInterval(this.options.name);
    await this.running;
  }

  /** One scheduled run: skipped while the previous one is still going or another replica holds this tick's lease. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = runWithTrace(newTraceId(), () => this.leasedRun()).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async leasedRun(): Promise<void> {
    const { name, intervalMs, redis, log, run } = this.options;
    try {
      const leaseMs = Math.max(50, Math.floor(intervalMs * 0.9));
      if ((await redis.set(keys.jobLease(name), this.owner, 'PX', leaseMs, 'NX')) !== 'OK') return;
      await run();
    } catch (error) {
      log.error(`${name}_failed`, { details: { error } });
    }
  }
}
