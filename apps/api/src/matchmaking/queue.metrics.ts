import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { MetricsService } from '../metrics/metrics.service';
import { MatchQueue } from './match-queue';

/** Prometheus metrics of the queue and the matchmaker, on the app's registry. */
@Injectable()
export class QueueMetrics {
  readonly waitSeconds: Histogram<'mode'>;
  readonly ratingGap: Histogram<'mode'>;
  readonly teamImbalance: Histogram<'mode'>;
  readonly tickSeconds: Histogram<'mode'>;
  readonly matches: Counter<'mode' | 'source'>;
  readonly expired: Counter<'mode'>;
  readonly sessionFailures: Counter<'mode'>;

  constructor(metrics: MetricsService, queue: MatchQueue, @Inject(APP_CONFIG) config: AppConfig) {
    const registers = [metrics.registry];
    new Gauge({
      name: 'gsm_queue_size',
      help: 'Open tickets waiting in each queue mode (read from Redis at scrape time, so every replica reports the same)',
      labelNames: ['mode'],
      registers,
      async collect() {
        try {
          const modes = await queue.activeModes();
          const sizes = await Promise.all(modes.map((mode) => queue.size(mode)));
          modes.forEach((mode, i) => this.set({ mode }, sizes[i]));
        } catch {
          // Redis unreachable: keep the last values rather than failing the whole scrape.
        }
      },
    });
    this.waitSeconds = new Histogram({
      name: 'gsm_queue_wait_seconds',
      help: 'Time from joining the queue to being matched',
      labelNames: ['mode'],
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    });
    this.teamImbalance = new Histogram({
      name: 'gsm_match_team_imbalance',
      help: 'Rating difference between the strongest and the weakest team of a match (team balance; 1v1: the rating gap)',
      labelNames: ['mode'],
      buckets: [0, 5, 10, 25, 50, 75, 100, 150, 200, 300, 400],
      registers,
    });
    this.ratingGap = new Histogram({
      name: 'gsm_match_rating_gap',
      help: 'Rating difference between matched players',
      labelNames: ['mode'],
      buckets: [0, 10, 25, 50, 75, 100, 150, 200, 300, 400, 600],
      registers,
    });
    this.tickSeconds = new Histogram({
      name: 'gsm_matchmaker_tick_duration_seconds',
      help: 'Duration of one matchmaker tick for one mode (expiry, pairing, claims and session creation)',
      labelNames: ['mode'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.matches = new Counter({
      name: 'gsm_matches_total',
      help: 'Matches made, by where they were found (join or tick)',
      labelNames: ['mode', 'source'],
      registers,
    });
    this.expired = new Counter({ name: 'gsm_queue_tickets_expired_total', help: 'Tickets removed for waiting too long', labelNames: ['mode'], registers });
    this.sessionFailures = new Counter({
      name: 'gsm_match_session_failures_total',
      help: 'Matches whose session could not be created (tickets put back when still eligible)',
      labelNames: ['mode'],
      registers,
    });
  }
}
