import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseTrustProxy } from '@libs/config';
import { validateObject } from './k8s-schema';
import { configMapData, K8sObject, objectId, OVERLAYS, renderOverlay, REPO_ROOT } from './kustomize';

const NAMESPACE = 'game-session-manager';
const CLUSTER_SCOPED = new Set(['Namespace']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job']);
const APP = ['gsm-api', 'gsm-matchmaker'];

const workloads = (objects: K8sObject[]) => objects.filter((o) => WORKLOADS.has(o.kind));
const podSpec = (o: K8sObject) => o.spec.template.spec;
const allContainers = (o: K8sObject): any[] => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers];
const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} not rendered`);
  return found;
};
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Parses Kubernetes quantities such as 512Mi, 2Gi, 1gb (redis.conf), 250m, "1". */
function quantity(value: string | number): number {
  const text = String(value).trim();
  const m = /^([0-9.]+)\s*([a-zA-Z]*)$/.exec(text);
  if (!m) throw new Error(`bad quantity ${text}`);
  const units: Record<string, number> = {
    '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30,
    kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, b: 1,
  };
  if (!(m[2] in units)) throw new Error(`unknown unit in ${text}`);
  return Number(m[1]) * units[m[2]];
}

/** redis.conf directives as name → list of argument strings (comments and blank lines dropped). */
function redisDirectives(conf: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const line of conf.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [name, ...args] = line.split(/\s+/);
    directives.set(name.toLowerCase(), [...(directives.get(name.toLowerCase()) ?? []), args.join(' ')]);
  }
  return directives;
}

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const objects = renderOverlay(overlay);

  it('renders the resources every deployment needs', () => {
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const id of [
      `Namespace/${NAMESPACE}`, 'Deployment/gsm-api', 'Deployment/gsm-matchmaker', 'Service/gsm-api',
      'HorizontalPodAutoscaler/gsm-api', 'PodDisruptionBudget/gsm-api', 'PodDisruptionBudget/gsm-matchmaker',
      'ConfigMap/gsm-app-config', 'StatefulSet/gsm-mongodb', 'Service/gsm-mongodb', 'Job/gsm-mongodb-init',
      'NetworkPolicy/gsm-mongodb',
    ]) {
      expect(ids).toContain(id);
    }
    const redis = overlay === 'redis-cluster' ? 'gsm-redis-cluster' : 'gsm-redis';
    expect(ids).toEqual(expect.arrayContaining([`StatefulSet/${redis}`, `Service/${redis}`, `NetworkPolicy/${redis}`]));
    if (overlay === 'redis-cluster') expect(ids).toContain('Job/gsm-redis-cluster-create');
  });

  it('validates every object against the Kubernetes OpenAPI schemas, unknown fields included', () => {
    const problems = objects.flatMap((o) => validateObject(o).map((e) => `${objectId(o)}: ${e}`));
    expect(problems).toEqual([]);
  });

  it('renders exactly what kubectl kustomize renders (when kubectl is installed)', () => {
    let rendered: string;
    try {
      rendered = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'k8s', 'overlays', overlay)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no kubectl here: our renderer stands alone
      throw error;
    }
    const theirs = parseAllDocuments(rendered, { version: '1.1' }).map((d) => d.toJS() as K8sObject);
    const byId = (list: K8sObject[]) => Object.fromEntries(list.map((o) => [objectId(o), o]));
    expect(byId(objects)).toEqual(byId(theirs));
  });

  it('puts every namespaced object in the game-session-manager namespace', () => {
    for (const o of objects.filter((o) => !CLUSTER_SCOPED.has(o.kind))) expect([objectId(o), o.metadata.namespace]).toEqual([objectId(o), NAMESPACE]);
  });

  it('pins every image to an explicit version (no :latest, no untagged image)', () => {
    for (const o of workloads(objects)) {
      for (const c of allContainers(o)) {
        expect(`${c.image}`).toMatch(/^[^@]+:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]*$|@sha256:[0-9a-f]{64}$/);
        expect(`${o.metadata.name}/${c.name}: ${c.image}`).not.toMatch(/:latest$/);
      }
    }
  });

  it('gives every container CPU and memory requests and limits (requests within limits)', () => {
    for (const o of workloads(objects)) {
      for (const c of allContainers(o)) {
        const where = `${o.metadata.name}/${c.name}`;
        for (const resource of ['cpu', 'memory']) {
          expect([where, resource, c.resources?.requests?.[resource] !== undefined, c.resources?.limits?.[resource] !== undefined]).toEqual([where, resource, true, true]);
          expect(quantity(c.resources.requests[resource])).toBeLessThanOrEqual(quantity(c.resources.limits[resource]));
        }
      }
    }
  });

  it('runs every pod under the restricted Pod Security profile: non-root, read-only root, no escalation, no capabilities', () => {
    for (const o of workloads(objects)) {
      const spec = podSpec(o);
      expect([o.metadata.name, spec.securityContext?.runAsNonRoot, spec.securityContext?.seccompProfile?.type]).toEqual([o.metadata.name, true, 'RuntimeDefault']);
      expect(spec.hostNetwork ?? false).toBe(false);
      expect((spec.volumes ?? []).filter((v: any) => v.hostPath)).toEqual([]);
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of allContainers(o)) {
        const sc = c.securityContext ?? {};
        expect([`${o.metadata.name}/${c.name}`, sc.allowPrivilegeEscalation, sc.readOnlyRootFilesystem, sc.capabilities?.drop, sc.privileged ?? false]).toEqual([
          `${o.metadata.name}/${c.name}`, false, true, ['ALL'], false,
        ]);
      }
    }
    expect(find(objects, 'Namespace', NAMESPACE).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('probes every long-running container (startup, liveness and readiness)', () => {
    for (const o of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      for (const c of podSpec(o).containers) {
        expect([`${o.metadata.name}/${c.name}`, !!c.livenessProbe, !!c.readinessProbe, !!c.startupProbe]).toEqual([`${o.metadata.name}/${c.name}`, true, true, true]);
      }
    }
  });

  it('runs the API and the matchmaker from one image, probing /health/live and /health/ready, with the matchmaker loop only in the matchmaker', () => {
    const [api, matchmaker] = APP.map((name) => find(objects, 'Deployment', name));
    const env = (d: K8sObject) => Object.fromEntries(podSpec(d).containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env(api).MATCHMAKER_ENABLED).toBe('false');
    expect(env(matchmaker).MATCHMAKER_ENABLED).toBe('true');
    expect(podSpec(api).containers[0].image).toBe(podSpec(matchmaker).containers[0].image);
    for (const d of [api, matchmaker]) {
      const c = podSpec(d).containers[0];
      expect(c.ports).toEqual([
        { name: 'http', containerPort: 3000, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9100, protocol: 'TCP' },
      ]);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'gsm-app-config' } }]);
      // The image's `node` user; the Dockerfile test checks the image runs as it.
      expect(podSpec(d).securityContext.runAsUser).toBe(1000);
    }
    // Redis: standalone URL or cluster seed nodes, never both.
    const redisVars = Object.keys(env(api)).filter((k) => k === 'REDIS_URL' || k === 'REDIS_CLUSTER_NODES');
    expect(redisVars).toEqual([overlay === 'redis-cluster' ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL']);
  });

  it('drains gracefully: preStop delay + SHUTDOWN_TIMEOUT_MS fit inside terminationGracePeriodSeconds', () => {
    const shutdownMs = Number(configMapData(objects, 'gsm-app-config').SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs).toBeGreaterThan(0);
    for (const name of APP) {
      const d = find(objects, 'Deployment', name);
      const c = podSpec(d).containers[0];
      const [sleep, seconds] = c.lifecycle.preStop.exec.command;
      expect(sleep).toBe('sleep');
      expect(Number(seconds) + shutdownMs / 1000).toBeLessThan(podSpec(d).terminationGracePeriodSeconds);
    }
  });

  it('autoscales the API with an autoscaling/v2 HPA that owns its replica count', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'gsm-api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gsm-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find(objects, 'Deployment', 'gsm-api').spec.replicas).toBeUndefined();
    expect(find(objects, 'Deployment', 'gsm-matchmaker').spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('matches every selector to the pod labels it is meant to select', () => {
    const pods = workloads(objects).map((o) => ({ owner: o, labels: o.spec.template.metadata.labels }));
    for (const o of objects) {
      if (WORKLOADS.has(o.kind) && o.spec.selector) expect(matches(o.spec.selector.matchLabels, o.spec.template.metadata.labels)).toBe(true);
      if (o.kind === 'Service') {
        const selected = pods.filter((p) => matches(o.spec.selector, p.labels));
        expect([objectId(o), selected.length]).toEqual([objectId(o), 1]);
        const ports = podSpec(selected[0].owner).containers.flatMap((c: any) => c.ports ?? []);
        for (const port of o.spec.ports) expect(ports.map((p: any) => p.name)).toContain(port.targetPort);
      }
      if (o.kind === 'PodDisruptionBudget') expect(pods.filter((p) => matches(o.spec.selector.matchLabels, p.labels))).toHaveLength(1);
      if (o.kind === 'StatefulSet') {
        const service = find(objects, 'Service', o.spec.serviceName);
        expect(service.spec.clusterIP).toBe('None');
        expect(matches(service.spec.selector, o.spec.template.metadata.labels)).toBe(true);
      }
    }
  });

  it('resolves every ConfigMap, Secret key, volume and $(VAR) reference', () => {
    const configMaps = new Set(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name));
    const documented = readFileSync(join(REPO_ROOT, 'docs', 'deploy.md'), 'utf8');
    for (const o of workloads(objects)) {
      const spec = podSpec(o);
      const volumes = new Set([...(spec.volumes ?? []), ...(o.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata)].map((v: any) => v.name));
      for (const v of spec.volumes ?? []) if (v.configMap) expect(configMaps).toContain(v.configMap.name);
      for (const c of allContainers(o)) {
        const defined = new Set<string>();
        for (const source of c.envFrom ?? []) {
          expect(configMaps).toContain(source.configMapRef.name);
          for (const key of Object.keys(configMapData(objects, source.configMapRef.name))) defined.add(key);
        }
        for (const e of c.env ?? []) {
          // $(VAR) expands only variables defined earlier in the list; a later one would be left as literal text.
          for (const [, ref] of `${e.value ?? ''}`.matchAll(/\$\(([A-Z0-9_]+)\)/g)) expect([c.name, e.name, ref, defined.has(ref)]).toEqual([c.name, e.name, ref, true]);
          const secret = e.valueFrom?.secretKeyRef;
          // Operators create the Secrets by hand (docs/deploy.md); every key a pod needs must be in those commands.
          if (secret) expect(documented).toContain(`--from-literal=${secret.key}=`);
          if (secret) expect(documented).toContain(`secret generic ${secret.name} `);
          defined.add(e.name);
        }
        for (const command of [c.command ?? [], c.args ?? []]) {
          for (const [, ref] of command.join(' ').matchAll(/\$\(([A-Z0-9_]+)\)/g)) expect(defined).toContain(ref);
        }
        for (const m of c.volumeMounts ?? []) expect([c.name, m.name, volumes.has(m.name)]).toEqual([c.name, m.name, true]);
      }
    }
  });

  it('keeps secret values out of the manifests', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const secretName = /(PASSWORD|SECRET|TOKEN|_KEY$|KEYFILE|CREDENTIAL)/i;
    for (const o of workloads(objects)) {
      for (const c of allContainers(o)) {
        for (const e of c.env ?? []) {
          if (secretName.test(e.name)) expect([e.name, e.value, !!e.valueFrom?.secretKeyRef]).toEqual([e.name, undefined, true]);
          // A connection string may carry credentials only as a reference to a Secret-backed variable.
          const userinfo = /^[a-z+]+:\/\/([^@/]*)@/.exec(`${e.value ?? ''}`)?.[1];
          if (userinfo) expect(userinfo).toMatch(/^[^:]+:\$\([A-Z0-9_]+\)$/);
        }
      }
    }
    for (const map of objects.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries<string>(map.data ?? {})) {
        expect([map.metadata.name, key, secretName.test(key)]).toEqual([map.metadata.name, key, false]);
        // No password directive with a literal value in any config file.
        expect(value).not.toMatch(/^\s*(requirepass|masterauth)\s+\S+/m);
        expect(value).not.toMatch(/^\s*user\s+\S+.*\s>\S+/m);
      }
    }
  });

  it('serves metrics on their own port and no API docs, and derives the client address through the ingress hop', () => {
    const config = configMapData(objects, 'gsm-app-config');
    expect(config.DOCS_ENABLED).toBe('false');
    expect(Number(config.METRICS_PORT)).toBeGreaterThan(0);
    expect(config.METRICS_PORT).not.toBe(config.PORT);
    // A hop count or a list of proxy addresses: never unset (all clients would share the ingress address), never "true".
    expect(parseTrustProxy(config.TRUST_PROXY)).toBe(1);
    for (const d of APP.map((name) => find(objects, 'Deployment', name))) {
      expect(podSpec(d).containers[0].ports).toContainEqual({ name: 'metrics', containerPort: Number(config.METRICS_PORT), protocol: 'TCP' });
      expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe(config.METRICS_PORT);
    }
  });

  it('admits the API port only from the ingress namespace and metrics only from monitoring, and lets the app out only to DNS, Redis and MongoDB', () => {
    const config = configMapData(objects, 'gsm-app-config');
    const labels = find(objects, 'Deployment', 'gsm-api').spec.template.metadata.labels;
    const policy = find(objects, 'NetworkPolicy', 'gsm-app');
    expect(policy.spec.podSelector.matchExpressions).toEqual([{ key: 'app.kubernetes.io/name', operator: 'In', values: APP }]);
    expect(labels['app.kubernetes.io/name']).toBe('gsm-api');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const fromNamespace = (rule: any) => rule.from.map((peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']);
    const ingress = policy.spec.ingress.map((rule: any) => ({ from: fromNamespace(rule), ports: rule.ports.map((p: any) => p.port) }));
    expect(ingress).toEqual([
      { from: ['ingress-nginx'], ports: [Number(config.PORT)] },
      { from: ['monitoring'], ports: [Number(config.METRICS_PORT)] },
    ]);
    const egress = policy.spec.egress.map((rule: any) => ({
      to: rule.to.map((peer: any) => peer.podSelector.matchLabels?.['k8s-app'] ?? peer.podSelector.matchLabels?.['app.kubernetes.io/name'] ?? peer.podSelector.matchExpressions[0].values),
      ports: rule.ports.map((p: any) => `${p.protocol}/${p.port}`),
    }));
    expect(egress).toEqual([
      { to: ['kube-dns'], ports: ['UDP/53', 'TCP/53'] },
      { to: [['gsm-redis', 'gsm-redis-cluster']], ports: ['TCP/6379'] },
      { to: ['gsm-mongodb'], ports: ['TCP/27017'] },
    ]);
    // Every store the app connects to is one the egress rules name.
    const redis = overlay === 'redis-cluster' ? 'gsm-redis-cluster' : 'gsm-redis';
    expect(egress[1].to[0]).toContain(find(objects, 'StatefulSet', redis).spec.template.metadata.labels['app.kubernetes.io/name']);
  });

  it('puts no password on any command line (container commands, args and the scripts they run)', () => {
    // --password / --pass, `-u user -p secret` (mongo, mysql style), redis-cli -a, and user:$SECRET@ in a URL.
    const onCommandLine = /--password\b|--pass\b|(-u|--username)\s+\S+.*\s-p\s|\s-a\s+["'$]|:\/\/[^/\s:@]+:\$/;
    for (const o of workloads(objects)) {
      for (const c of allContainers(o)) {
        const line = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
        expect([o.metadata.name, line, onCommandLine.test(line)]).toEqual([o.metadata.name, line, false]);
        for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
          const probeLine = (probe?.exec?.command ?? []).join(' ');
          expect([o.metadata.name, probeLine, onCommandLine.test(probeLine)]).toEqual([o.metadata.name, probeLine, false]);
        }
      }
    }
    for (const map of objects.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries<string>(map.data ?? {})) {
        if (!key.endsWith('.sh')) continue;
        const offending = value.split('\n').filter((line) => !line.trim().startsWith('#') && onCommandLine.test(line));
        expect([map.metadata.name, key, offending]).toEqual([map.metadata.name, key, []]);
      }
    }
  });

  it('lets only the app (and the data stores\' own members and init Jobs) reach Redis and MongoDB', () => {
    const redis = overlay === 'redis-cluster' ? 'gsm-redis-cluster' : 'gsm-redis';
    const allowed: Record<string, string[]> = {
      [redis]: [...APP, redis, ...(overlay === 'redis-cluster' ? ['gsm-redis-cluster-create'] : [])],
      'gsm-mongodb': [...APP, 'gsm-mongodb', 'gsm-mongodb-init'],
    };
    for (const [store, peers] of Object.entries(allowed)) {
      const labels = find(objects, 'StatefulSet', store).spec.template.metadata.labels;
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.podSelector.matchLabels && matches(o.spec.podSelector.matchLabels, labels));
      expect(policies).toHaveLength(1);
      const [policy] = policies;
      expect(policy.spec.policyTypes).toContain('Ingress');
      const admitted = new Set<string>();
      for (const rule of policy.spec.ingress) {
        // An empty `from` would admit every pod in the cluster.
        expect(rule.from?.length).toBeGreaterThan(0);
        expect(rule.ports?.length).toBeGreaterThan(0);
        for (const peer of rule.from) {
          expect(peer.ipBlock).toBeUndefined();
          expect(peer.namespaceSelector).toBeUndefined();
          const names: string[] = peer.podSelector.matchLabels
            ? [peer.podSelector.matchLabels['app.kubernetes.io/name']]
            : peer.podSelector.matchExpressions.flatMap((e: any) => (e.key === 'app.kubernetes.io/name' && e.operator === 'In' ? e.values : [undefined]));
          for (const name of names) {
            expect([store, name, peers.includes(name)]).toEqual([store, name, true]);
            admitted.add(name);
          }
        }
      }
      for (const app of APP) expect(admitted).toContain(app);
    }
  });

  it('runs Redis with a persistent volume, a real redis.conf within the container memory limit', () => {
    const name = overlay === 'redis-cluster' ? 'gsm-redis-cluster' : 'gsm-redis';
    const set = find(objects, 'StatefulSet', name);
    const configMapName = podSpec(set).volumes.find((v: any) => v.name === 'config').configMap.name;
    const conf = redisDirectives(configMapData(objects, configMapName)['redis.conf']);
    const redis = podSpec(set).containers.find((c: any) => c.name === 'redis');
    const dataMount = redis.volumeMounts.find((m: any) => m.name === 'data');
    expect(set.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
    expect(conf.get('dir')).toEqual([dataMount.mountPath]);
    expect(conf.get('maxmemory-policy')).toEqual(['noeviction']);
    expect(conf.get('appendonly')).toEqual(['yes']);
    expect(conf.get('appendfsync')).toEqual(['everysec']);
    // Headroom for the copy-on-write pages of a background save or AOF rewrite.
    expect(quantity(conf.get('maxmemory')![0])).toBeLessThanOrEqual(0.6 * quantity(redis.resources.limits.memory));
    if (overlay === 'redis-cluster') {
      expect(set.spec.replicas).toBe(6);
      expect(conf.get('cluster-enabled')).toEqual(['yes']);
      expect(conf.get('cluster-config-file')![0].startsWith(dataMount.mountPath + '/')).toBe(true);
      const pods = Array.from({ length: 6 }, (_, i) => `${name}-${i}.${set.spec.serviceName}:6379`);
      const job = find(objects, 'Job', 'gsm-redis-cluster-create');
      const jobEnv = Object.fromEntries(podSpec(job).containers[0].env.map((e: any) => [e.name, e.value]));
      expect(jobEnv.REDIS_CLUSTER_NODES.split(',')).toEqual(pods);
      expect(jobEnv.REDIS_CLUSTER_REPLICAS).toBe('1');
      for (const app of APP) {
        const appEnv = podSpec(find(objects, 'Deployment', app)).containers[0].env;
        expect(appEnv.find((e: any) => e.name === 'REDIS_CLUSTER_NODES').value.split(',')).toEqual(pods);
      }
    } else {
      expect(set.spec.replicas).toBe(1);
      const url = podSpec(find(objects, 'Deployment', 'gsm-api')).containers[0].env.find((e: any) => e.name === 'REDIS_URL').value;
      expect(url).toBe(`redis://app:$(REDIS_PASSWORD)@${set.spec.serviceName}:6379`);
    }
  });

  it('connects the app to Redis as the restricted ACL user the Redis pods render, with the password from the Secret', () => {
    const set = find(objects, 'StatefulSet', overlay === 'redis-cluster' ? 'gsm-redis-cluster' : 'gsm-redis');
    const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
    const appPassword = { secretKeyRef: { name: 'gsm-redis', key: 'app-password' } };
    const rendered = envOf(podSpec(set).initContainers.find((c: any) => c.name === 'render-acl'));
    // `default` keeps every right (the AOF replays transactions as `default`, redis/redis#14541): the app has its own user.
    expect(rendered.REDIS_APP_USER).toBe('app');
    expect(rendered.REDIS_APP_PASSWORD).toEqual(appPassword);
    expect(rendered.REDIS_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: 'gsm-redis', key: 'admin-password' } });
    // The pod probes ping as that same user.
    const redis = envOf(podSpec(set).containers.find((c: any) => c.name === 'redis'));
    expect([redis.REDIS_APP_USER, redis.REDIS_APP_PASSWORD]).toEqual(['app', appPassword]);
    for (const name of APP) {
      const env = envOf(podSpec(find(objects, 'Deployment', name)).containers[0]);
      expect([name, env.REDIS_PASSWORD]).toEqual([name, appPassword]);
      if (overlay === 'redis-cluster') expect([name, env.REDIS_USERNAME]).toEqual([name, 'app']);
      else expect([name, /^redis:\/\/([^:@]+):\$\(REDIS_PASSWORD\)@/.exec(env.REDIS_URL)?.[1]]).toEqual([name, 'app']);
    }
  });

  it('runs MongoDB as a 3-member replica set with keyfile auth, formed by the init Job', () => {
    const set = find(objects, 'StatefulSet', 'gsm-mongodb');
    expect(set.spec.replicas).toBe(3);
    const args: string[] = podSpec(set).containers[0].args;
    expect(args[args.indexOf('--replSet') + 1]).toBe('rs0');
    const keyFile = args[args.indexOf('--keyFile') + 1];
    expect(podSpec(set).containers[0].volumeMounts.some((m: any) => keyFile.startsWith(m.mountPath + '/'))).toBe(true);
    const job = find(objects, 'Job', 'gsm-mongodb-init');
    const jobEnv = Object.fromEntries(podSpec(job).containers[0].env.map((e: any) => [e.name, e.value]));
    expect(jobEnv.MONGODB_REPLICA_SET).toBe('rs0');
    expect(jobEnv.MONGODB_MEMBERS.split(',')).toEqual([0, 1, 2].map((i) => `gsm-mongodb-${i}.${set.spec.serviceName}:27017`));
    expect(set.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  // Instructions with their continuation lines joined.
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
  const stages = instructions.reduce<{ name: string; lines: typeof instructions }[]>((acc, i) => {
    if (i.op === 'FROM') acc.push({ name: / AS (\S+)$/i.exec(i.args)?.[1] ?? '', lines: [] });
    else acc[acc.length - 1]?.lines.push(i);
    return acc;
  }, []);
  const runtime = stages[stages.length - 1];
  const args = Object.fromEntries(instructions.filter((i) => i.op === 'ARG').map((i) => i.args.split('=')));

  it('builds in one stage and runs from a separate stage with production dependencies only', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    const build = stages[0].lines.map((l) => l.args).join('\n');
    expect(build).toMatch(/npm ci/);
    expect(build).toMatch(/npm run build/);
    const deps = stages[1].lines.map((l) => l.args).join('\n');
    expect(deps).toMatch(/npm ci --omit=dev --omit=optional/);
    const copies = runtime.lines.filter((l) => l.op === 'COPY').map((l) => l.args);
    expect(copies).toEqual(['--from=deps /app/node_modules ./node_modules', '--from=build /app/dist ./dist', 'package.json ./']);
  });

  it('gives every install the dependency patches it applies (patch-package runs on npm ci)', () => {
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts.postinstall).toBe('patch-package');
    for (const stage of stages.slice(0, 2)) {
      const lines = stage.lines.map((l) => l.args);
      const install = lines.findIndex((l) => /npm ci/.test(l));
      expect([stage.name, lines.indexOf('patches ./patches')]).toEqual([stage.name, install - 1]);
    }
  });

  it('pins the Node base image by version and runs as the unprivileged node user', () => {
    expect(args.NODE_IMAGE).toMatch(/^node:20\.\d+\.\d+-(bookworm-slim|alpine3\.\d+)$/);
    // The version CI runs the tests with.
    expect(args.NODE_IMAGE).toContain(`node:${process.versions.node}-`);
    for (const from of instructions.filter((i) => i.op === 'FROM')) expect(from.args).toMatch(/^\$\{NODE_IMAGE\} AS /);
    expect(runtime.lines.filter((l) => l.op === 'USER').map((l) => l.args)).toEqual(['node']);
  });

  it('starts the compiled API in production mode, on the port and health path the manifests use', () => {
    expect(runtime.lines.find((l) => l.op === 'ENV')?.args).toMatch(/NODE_ENV=production/);
    expect(runtime.lines.find((l) => l.op === 'EXPOSE')?.args).toBe('3000');
    expect(JSON.parse(runtime.lines.find((l) => l.op === 'CMD')!.args)).toEqual(['node', 'dist/apps/api/src/main.js']);
    // tsc maps apps/api/src/main.ts to that path (rootDir "." and outDir "dist").
    const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8'));
    expect([tsconfig.compilerOptions.rootDir, tsconfig.compilerOptions.outDir]).toEqual(['.', './dist']);
    expect(existsSync(join(REPO_ROOT, 'apps/api/src/main.ts'))).toBe(true);
    const health = runtime.lines.find((l) => l.op === 'HEALTHCHECK')!.args;
    expect(health).toMatch(/CMD \["node", "-e", .*\/health\/live/);
  });

  it('keeps everything the build copies in the build context (.dockerignore)', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const copy of instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(REPO_ROOT, source))).toBe(true);
        expect([source, ignored.includes(source)]).toEqual([source, false]);
      }
    }
    for (const heavy of ['node_modules', 'dist', '.git']) expect(ignored).toContain(heavy);
  });
});
