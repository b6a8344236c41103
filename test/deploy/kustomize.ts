import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as parsed from YAML. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
};

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const K8S_DIR = join(REPO_ROOT, 'k8s');

/** Every YAML document of a file, as plain objects (empty documents skipped). */
export function parseYamlFile(file: string): K8sObject[] {
  // YAML 1.1, as Kubernetes reads manifests: 0440 is octal, yes/no are booleans.
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' });
  return docs
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

// The list fields our patches touch, with the key that identifies an element (as in Kubernetes' strategic merge).
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

const isPlainObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Strategic merge as kustomize applies it: maps merge recursively, `null` deletes, keyed lists merge element by key
 * (patched elements first, in patch order, then the untouched originals), any other list is replaced.
 */
export function strategicMerge(original: any, patch: any, field = ''): any {
  if (isPlainObject(original) && isPlainObject(patch)) {
    const result: Record<string, any> = { ...original };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete result[key];
      else result[key] = key in original ? strategicMerge(original[key], value, key) : value;
    }
    return result;
  }
  const mergeKey = MERGE_KEYS[field];
  if (Array.isArray(original) && Array.isArray(patch) && mergeKey) {
    const patchedKeys = new Set(patch.map((item) => item[mergeKey]));
    const merged = patch.map((item) => {
      const match = original.find((o) => o[mergeKey] === item[mergeKey]);
      return match ? strategicMerge(match, item) : item;
    });
    return [...merged, ...original.filter((o) => !patchedKeys.has(o[mergeKey]))];
  }
  return patch;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  patches?: { path?: string; patch?: string }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images']);

function podSpecs(object: K8sObject): any[] {
  if (object.kind === 'CronJob') return [object.spec?.jobTemplate?.spec?.template?.spec].filter(Boolean);
  return [object.spec?.template?.spec].filter(Boolean);
}

function setImages(objects: K8sObject[], images: NonNullable<Kustomization['images']>): void {
  for (const object of objects) {
    for (const spec of podSpecs(object)) {
      for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        const [, name, tag] = /^(.+?)(?::([^:/@]+))?(?:@.+)?$/.exec(container.image) ?? [];
        const rule = images.find((i) => i.name === name);
        if (!rule) continue;
        const newName = rule.newName ?? name;
        container.image = rule.digest ? `${newName}@${rule.digest}` : `${newName}${rule.newTag ?? tag ? `:${rule.newTag ?? tag}` : ''}`;
      }
    }
  }
}

/**
 * Builds a kustomization directory the way `kustomize build` does, for the subset of kustomize these manifests use
 * (resources, strategic-merge patches, images). Anything else is refused, so the manifests cannot silently start
 * relying on a feature this renderer would ignore.
 */
export function kustomizeBuild(dir: string): K8sObject[] {
  const kustomization = parseYamlFile(join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml uses unsupported fields: ${unsupported.join(', ')}`);

  let objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = resolve(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? kustomizeBuild(path) : parseYamlFile(path)));
  }
  const ids = objects.map(objectId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`${dir}: ${duplicate} is defined twice`);

  for (const entry of kustomization.patches ?? []) {
    if (!entry.path) throw new Error(`${dir}: only patches with a path are supported`);
    for (const patch of parseYamlFile(resolve(dir, entry.path))) {
      const index = objects.findIndex((o) => objectId(o) === objectId(patch));
      if (index < 0) throw new Error(`${dir}/${entry.path}: no resource ${objectId(patch)} to patch`);
      objects = objects.map((o, i) => (i === index ? (strategicMerge(o, patch) as K8sObject) : o));
    }
  }
  if (kustomization.images) setImages(objects, kustomization.images);
  return objects;
}

export function objectId(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

export const OVERLAYS = ['standalone-redis', 'redis-cluster'] as const;

export function renderOverlay(overlay: (typeof OVERLAYS)[number]): K8sObject[] {
  return kustomizeBuild(join(K8S_DIR, 'overlays', overlay));
}

/** The manifest file a ConfigMap key lives in is the source of truth; tests read it from the rendered objects. */
export function configMapData(objects: K8sObject[], name: string): Record<string, string> {
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  if (!map) throw new Error(`ConfigMap ${name} not found`);
  return map.data as Record<string, string>;
}
