import type { Registry } from 'prom-client';

/** One label set's series of a `LabelledHistogram`: kept by the caller, observed on every event. */
export interface HistogramSeries {
  observe(value: number): void;
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  /** Always null on buckets (no exemplars), as prom-client exports them. */
  exemplar?: null;
}

class Series implements HistogramSeries {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/**
 * A Prometheus histogram whose series are handles the caller keeps, one per label set: observing finds the bucket and
 * adds, nothing else. prom-client's own Histogram validates and hashes the label object on every observation, even
 * through a labelled child (~2 µs on every HTTP response). It registers on a prom-client registry like any metric, and
 * /metrics renders it exactly as prom-client renders a Histogram (cumulative `_bucket{le=…}` lines with `+Inf`,
 * `_sum`, `_count`; a unit test compares both).
 */
export class LabelledHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly bounds: readonly number[];
  private readonly all = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    buckets: readonly number[],
    registry?: Registry,
  ) {
    this.bounds = [...buckets].sort((a, b) => a - b);
    registry?.registerMetric(this as never);
  }

  /** The series of one label set (created on first use; every label name must be given). */
  series(labels: Readonly<Record<L, string>>): HistogramSeries {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.all.get(key);
    if (!series) {
      for (const name of this.labelNames) {
        if (typeof labels[name] !== 'string') throw new Error(`Label ${name} of ${this.name} is missing`);
      }
      series = new Series({ ...labels }, this.bounds);
      this.all.set(key, series);
    }
    return series;
  }

  /** The values as prom-client's registry reads them for the text exposition. */
  getForPromString(): { name: string; help: string; type: string; values: ExportedValue[]; aggregator: string } {
    const values: ExportedValue[] = [];
    for (const series of this.all.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i];
        values.push({ labels: { le: bound }, sharedLabels: series.labels, value: cumulative, metricName: `${this.name}_bucket`, exemplar: null });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_bucket`, exemplar: null },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The values with every label on each (prom-client's `get()` shape, used for JSON output). */
  get(): Promise<{ name: string; help: string; type: string; values: Omit<ExportedValue, 'sharedLabels'>[]; aggregator: string }> {
    const exported = this.getForPromString();
    return Promise.resolve({
      ...exported,
      values: exported.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
    });
  }

  /** Zeroes every series (the handles callers keep stay valid). */
  reset(): void {
    for (const series of this.all.values()) series.reset();
  }
}
