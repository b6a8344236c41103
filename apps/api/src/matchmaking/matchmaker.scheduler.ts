import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger, newTraceId, runWithTrace, ServiceLogger } from '@libs/logging';
import { MatchQueue } from './match-queue';
import { MatchmakerService } from './matchmaker.service';

/**
 * Runs the matchmaker every MATCHMAKER_INTERVAL_MS on every replica where MATCHMAKER_ENABLED is true; per-mode leases
 * decide which replica does the work of a tick. A tick never overlaps the previous one on the same replica, and
 * shutdown waits for the running tick to finish. Not a LeasedIntervalJob: that holds one lease and one trace per run,
 * the matchmaker needs one per mode (each mode's queue is its own hash slot and its own unit of work).
 */
@Injectable()
export class MatchmakerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log: ServiceLogger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly matchmaker: MatchmakerService,
    private readonly queue: MatchQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.forService('matchmaker');
  }

  onApplicationBootstrap(): void {
    if (!this.config.matchmaker.enabled) return;
    this.log.info('matchmaker_started', { details: { interval_ms: this.config.matchmaker.intervalMs, holder: this.matchmaker.holder } });
    this.schedule(this.config.matchmaker.intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * One pass over every mode with work, each in its own trace. Every mode is first asked whether it has work, all at
   * once (their counts go out in one write); a mode whose question fails is ticked anyway, so its tick reports the error.
   */
  async runOnce(): Promise<void> {
    const modes = await this.queue.activeModes();
    const now = Date.now();
    const busy = await Promise.all(modes.map((mode) => this.matchmaker.hasWork(mode, now).catch(() => true)));
    for (const [i, mode] of modes.entries()) {
      if (this.stopped) return;
      if (!busy[i]) continue;
      await runWithTrace(newTraceId(), async () => {
        try {
          await this.matchmaker.runIfLeader(mode);
        } catch (error) {
          this.log.error('matchmaker_tick_failed', { details: { error, mode } });
        }
      });
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.runOnce()
        .catch((error: unknown) => runWithTrace(newTraceId(), () => this.log.error('matchmaker_tick_failed', { details: { error } })))
        .finally(() => {
          this.running = null;
          // Fixed rate while ticks are short; back-to-back (never overlapping) when a tick overruns the interval.
          this.schedule(Math.max(0, this.config.matchmaker.intervalMs - (Date.now() - started)));
        });
    }, delayMs);
    this.timer.unref();
  }
}
