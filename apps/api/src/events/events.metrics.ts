import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Prometheus metrics of the event streams held by this replica. */
@Injectable()
export class EventsMetrics {
  readonly openStreams: Gauge<'kind'>;
  readonly sent: Counter<'event'>;
  readonly dropped: Counter<'reason'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.openStreams = new Gauge({ name: 'gsm_events_open_streams', help: 'Event streams open on this replica', labelNames: ['kind'], registers });
    this.sent = new Counter({ name: 'gsm_events_sent_total', help: 'Events written to open streams, by event name', labelNames: ['event'], registers });
    this.dropped = new Counter({
      name: 'gsm_events_streams_closed_total',
      help: 'Streams closed by the server: slow (buffer over EVENTS_MAX_BUFFER_BYTES), limit (EVENTS_MAX_STREAMS_PER_PLAYER), shutdown',
      labelNames: ['reason'],
      registers,
    });
  }
}
