import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { waitedSeconds } from './domain/match-window';
import { Ticket } from './domain/pairing';
import { estimateWaitSeconds, WaitSample } from './domain/wait-estimate';
import { MatchQueue } from './match-queue';

/** Nearest open tickets on each side that feed the live part of a wait estimate. */
export const ESTIMATE_NEIGHBOURS = 3;
/** Recent waits change slowly; reading them once a second per mode is plenty. */
const WAITS_CACHE_MS = 1000;

/** Wait estimates for join and status answers: the ticket's neighbours plus the mode's recent measured waits. */
@Injectable()
export class WaitEstimates {
  private readonly waitsCache = new Map<string, { at: number; waits: Promise<WaitSample[]> }>();

  constructor(
    private readonly queue: MatchQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `nearest`: the ticket's neighbours within the mode's max window, as the ticket script returned them with the
   * ticket (nearest first, each side): an estimate reads nothing but the mode's recent waits (cached).
   */
  async estimate(mode: string, self: Ticket, now: number, nearest: readonly Ticket[]): Promise<number> {
    const policy = this.queue.modes.policy(mode);
    const neighbours = nearestPerSide(self, nearest, ESTIMATE_NEIGHBOURS);
    const recentWaits = await this.recentWaits(mode, now);
    return estimateWaitSeconds({
      rating: self.rating,
      waitedSeconds: waitedSeconds(self.joinedAt, now),
      windowBonus: self.windowBonus,
      recentWaits,
      neighbours: neighbours.map((n) => ({ rating: n.rating, waitedSeconds: waitedSeconds(n.joinedAt, now), windowBonus: n.windowBonus })),
      policy,
      tickSeconds: this.config.matchmaker.intervalMs / 1000,
    });
  }

  private recentWaits(mode: string, now: number): Promise<WaitSample[]> {
    const cached = this.waitsCache.get(mode);
    if (cached && now - cached.at < WAITS_CACHE_MS) return cached.waits;
    const waits = this.queue.recentWaits(mode).catch(() => []);
    this.waitsCache.set(mode, { at: now, waits });
    return waits;
  }
}

/** Up to `perSide` of `nearest` on each side of the ticket's rating (the list holds each side nearest first). */
function nearestPerSide(self: Ticket, nearest: readonly Ticket[], perSide: number): Ticket[] {
  const below = nearest.filter((t) => t.rating <= self.rating).slice(0, perSide);
  const above = nearest.filter((t) => t.rating > self.rating).slice(0, perSide);
  return [...below, ...above];
}
