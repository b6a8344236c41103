import { Histogram, Registry } from 'prom-client';
import { LabelledHistogram } from './labelled-histogram';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const NAME = 'gsm_http_request_duration_seconds';
const HELP = 'HTTP request duration by method, route pattern and status code';
type Label = 'method' | 'route' | 'status';

function pair() {
  const theirs = new Registry();
  const ours = new Registry();
  const reference = new Histogram<Label>({ name: NAME, help: HELP, labelNames: ['method', 'route', 'status'], buckets: BUCKETS, registers: [theirs] });
  const histogram = new LabelledHistogram<Label>(NAME, HELP, ['method', 'route', 'status'], BUCKETS, ours);
  return { theirs, ours, reference, histogram };
}

describe('LabelledHistogram', () => {
  it('renders exactly what a prom-client Histogram renders for the same observations (text and JSON)', async () => {
    const { theirs, ours, reference, histogram } = pair();
    const observations: [Record<Label, string>, number][] = [
      [{ method: 'GET', route: '/health/live', status: '200' }, 0.0004],
      [{ method: 'GET', route: '/health/live', status: '200' }, 0.001],
      [{ method: 'GET', route: '/health/live', status: '200' }, 0.0031],
      [{ method: 'POST', route: '/api/v1/queue/join', status: '200' }, 0.012],
      [{ method: 'POST', route: '/api/v1/queue/join', status: '409' }, 3.7],
      [{ method: 'GET', route: '/api/v1/sessions/:id/state', status: '200' }, 2.5],
      [{ method: 'GET', route: 'a "quoted" \\ route\nwith a newline', status: '404' }, 0],
    ];
    for (const [labels, value] of observations) {
      reference.labels(labels).observe(value);
      histogram.series(labels).observe(value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    expect(await ours.metrics()).toContain(`${NAME}_bucket{le="0.005",method="GET",route="/health/live",status="200"} 3`);
    expect(await ours.metrics()).toContain(`${NAME}_count{method="POST",route="/api/v1/queue/join",status="409"} 1`);
  });

  it('keeps one series per label set, whatever handle observes it', async () => {
    const { ours, histogram } = pair();
    const a = histogram.series({ method: 'GET', route: '/x', status: '200' });
    const b = histogram.series({ status: '200', route: '/x', method: 'GET' });
    a.observe(0.002);
    b.observe(0.2);
    expect(b).toBe(a);
    expect(await ours.metrics()).toContain(`${NAME}_count{method="GET",route="/x",status="200"} 2`);
    expect(await ours.metrics()).toContain(`${NAME}_sum{method="GET",route="/x",status="200"} 0.202`);
  });

  it('refuses a missing label and a value that is not a number', () => {
    const { histogram } = pair();
    expect(() => histogram.series({ method: 'GET', route: '/x' } as Record<Label, string>)).toThrow(/status/);
    expect(() => histogram.series({ method: 'GET', route: '/x', status: '200' }).observe(Number.NaN)).toThrow(/not a valid number/);
  });

  it('zeroes on reset, and the handles kept by callers keep counting', async () => {
    const { ours, histogram } = pair();
    const series = histogram.series({ method: 'GET', route: '/x', status: '200' });
    series.observe(0.3);
    ours.resetMetrics();
    expect(await ours.metrics()).toContain(`${NAME}_count{method="GET",route="/x",status="200"} 0`);
    series.observe(0.3);
    expect(await ours.metrics()).toContain(`${NAME}_count{method="GET",route="/x",status="200"} 1`);
  });
});
