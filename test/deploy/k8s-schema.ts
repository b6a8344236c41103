import type { K8sObject } from './kustomize';

interface SchemaError {
  instancePath: string;
  message?: string;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models class for an object's apiVersion and kind (schemas bundled in the package: no network). */
function modelFor(object: K8sObject): ModelClass {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const model = (require(modulePath) as Record<string, ModelClass>)[object.kind];
  if (!model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return model;
}

function schemaErrors(model: ModelClass, object: unknown): SchemaError[] {
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!errors) throw error;
    return errors;
  }
}

const pointer = (path: string[]) => path.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/**
 * Fields the schema does not know. The bundled validators ignore unknown properties (as the API server does by
 * default, only warning), which would let a typo such as `readinessprobe` pass unnoticed. So every field is
 * probed: its value is replaced by one of the wrong type, and a field whose replacement the schema does not reject
 * is one the schema does not describe.
 */
function unknownFields(model: ModelClass, object: K8sObject): string[] {
  const unknown: string[] = [];
  const visit = (node: any, path: string[]) => {
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      const childPath = [...path, key];
      const original = node[key];
      node[key] = typeof original === 'object' && original !== null ? true : { probe: true };
      const errors = schemaErrors(model, object);
      node[key] = original;
      const at = pointer(childPath);
      if (!errors.some((e) => e.instancePath === at || e.instancePath.startsWith(at + '/'))) unknown.push(at);
      else visit(original, childPath);
    }
  };
  visit(object, []);
  return unknown;
}

/** Schema errors and unknown fields of one object, as readable strings (empty when valid). */
export function validateObject(object: K8sObject): string[] {
  const model = modelFor(object);
  const copy = JSON.parse(JSON.stringify(object)) as K8sObject;
  const errors = schemaErrors(model, copy).map((e) => `${e.instancePath || '/'} ${e.message}`);
  const unknown = unknownFields(model, copy).map((path) => `${path} is not a field of ${object.apiVersion} ${object.kind}`);
  return [...errors, ...unknown];
}
