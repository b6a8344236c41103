import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { K8sObject, parseYamlFile, REPO_ROOT } from './deploy/kustomize';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer } from './support/players';

const DIR = join(REPO_ROOT, 'k8s', 'monitoring');
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or strings. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\w+/g, '');
  const names: string[] = [];
  for (const match of bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)) {
    if (match[2] || PROMQL_WORDS.has(match[1].toLowerCase()) || /^\d/.test(match[1])) continue;
    names.push(match[1]);
  }
  return names;
}

/** Every metric family /metrics exposes, with the series names a histogram or summary adds. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(name + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(name + s));
  }
  return names;
}

type Panel = { title?: string; type: string; targets?: { expr: string }[]; panels?: Panel[] };

describe('k8s/monitoring (ServiceMonitor, alert rules, Grafana dashboard)', () => {
  let t: TestApp;
  let exposed: Set<string>;
  const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as { panels: Panel[]; templating: { list: { query?: unknown }[] } };
  const rules = parseYamlFile(join(DIR, 'prometheusrule.yaml'))[0];
  const alerts = (rules.spec.groups as { rules: { alert: string; expr: string }[] }[]).flatMap((g) => g.rules);
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

  beforeAll(async () => {
    t = await startTestApp();
    await createPlayer(t); // so request metrics have samples too
    const metrics = await t.http.get('/metrics').expect(200);
    exposed = exposedNames(metrics.text);
  });

  afterAll(() => t.close());

  const usedNames = (): [string, string][] => [
      ...alerts.flatMap((a) => metricNames(a.expr).map((n): [string, string] => [`alert ${a.alert}`, n])),
      ...panels.flatMap((p) => (p.targets ?? []).flatMap((q) => metricNames(q.expr).map((n): [string, string] => [`panel ${p.title}`, n]))),
      ...dashboard.templating.list.flatMap((v) => {
        const query = typeof v.query === 'object' ? (v.query as { query?: string }).query : v.query;
        const metric = typeof query === 'string' ? /label_values\((\w+)/.exec(query)?.[1] : undefined;
        return metric ? [['variable', metric] as [string, string]] : [];
      }),
  ];

  it('uses only metric names that GET /metrics exposes, in every alert and dashboard query', () => {
    const used = usedNames();
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter(([, name]) => !exposed.has(name))).toEqual([]);
    expect(used.filter(([, name]) => !name.startsWith('gsm_'))).toEqual([]);
  });

  it('charts or alerts on every metric of the service (beyond the default process and Node.js ones)', () => {
    const used = new Set(usedNames().map(([, name]) => name.replace(/_(bucket|sum|count)$/, '')));
    const families = [...exposed].filter((name) => /^gsm_(?!process_|nodejs_)/.test(name) && !/_(bucket|sum|count)$/.test(name));
    expect(families.length).toBeGreaterThan(10);
    expect(families.filter((name) => !used.has(name))).toEqual([]);
  });

  it('alerts on readiness, queue wait p95, result disputes and Redis errors', () => {
    const byName = new Map(alerts.map((a) => [a.alert, a.expr]));
    expect(byName.get('GsmReplicaNotReady')).toMatch(/gsm_ready/);
    expect(byName.get('GsmQueueWaitHigh')).toMatch(/histogram_quantile\(0\.95,.*gsm_queue_wait_seconds_bucket/);
    expect(byName.get('GsmResultDisputesHigh')).toMatch(/RESULT_DISPUTED/);
    expect(byName.get('GsmRedisErrors')).toMatch(/gsm_redis_errors_total/);
    for (const rule of (rules.spec.groups as { rules: Record<string, any>[] }[]).flatMap((g) => g.rules)) {
      expect([rule.alert, rule.labels?.severity, typeof rule.annotations?.summary]).toEqual([rule.alert, expect.stringMatching(/^(warning|critical)$/), 'string']);
    }
  });

  it('charts HTTP by route, queues and waits per mode, matches, rating gaps, team balance and open event streams', () => {
    const queries = panels.flatMap((p) => (p.targets ?? []).map((q) => q.expr)).join('\n');
    for (const needed of [
      /sum by \(route\) \(rate\(gsm_http_request_duration_seconds_count/,
      /by \(le, route\).*gsm_http_request_duration_seconds_bucket/,
      /status=~"4\.\.\|5\.\."/,
      /max by \(mode\) \(gsm_queue_size/,
      /gsm_queue_wait_seconds_bucket/,
      /gsm_matches_total.*\* 60/,
      /gsm_match_rating_gap_bucket/,
      /gsm_match_team_imbalance_bucket/,
      /gsm_events_open_streams/,
      /sum by \(event\) \(rate\(gsm_events_sent_total/,
      /sum by \(reason\) \(rate\(gsm_events_streams_closed_total/,
    ]) {
      expect(queries).toMatch(needed);
    }
    expect(panels.find((p) => p.type === 'heatmap')?.targets?.[0].expr).toMatch(/gsm_match_rating_gap_bucket/);
  });

  it('scrapes the API Service and the matchmaker pods on their metrics port, and ships the dashboard as a sidecar ConfigMap', () => {
    const monitor = parseYamlFile(join(DIR, 'servicemonitor.yaml'))[0];
    expect(monitor).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', spec: { endpoints: [{ port: 'metrics', path: '/metrics' }] } });
    const wanted: string[] = monitor.spec.selector.matchExpressions[0].values;
    const services: K8sObject[] = [
      ...parseYamlFile(join(REPO_ROOT, 'k8s', 'base', 'app', 'api-service.yaml')),
      ...parseYamlFile(join(DIR, 'matchmaker-metrics-service.yaml')),
    ];
    for (const name of wanted) {
      const service = services.find((s) => s.metadata.labels?.['app.kubernetes.io/name'] === name);
      expect([name, service?.spec.ports.some((p: { name: string; targetPort: string }) => p.name === 'metrics' && p.targetPort === 'metrics')]).toEqual([name, true]);
    }
    const matchmaker = parseYamlFile(join(REPO_ROOT, 'k8s', 'base', 'app', 'matchmaker-deployment.yaml'))[0];
    const selected = services.find((s) => s.metadata.name === 'gsm-matchmaker-metrics')!.spec.selector;
    expect(matchmaker.spec.template.metadata.labels).toMatchObject(selected);
    const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'));
    expect(kustomization.configMapGenerator[0].options.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(kustomization.resources).toEqual(expect.arrayContaining(['servicemonitor.yaml', 'prometheusrule.yaml']));
  });
});
