import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks every response the e2e tests receive against the service's own OpenAPI document (/docs-json): the status must
 * be documented for the operation, and the body must match its schema strictly (an object may not carry a property
 * the schema does not list). A failure names the operation, the status and the JSON path, so whoever changed the
 * endpoint can fix its decorators.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text?: string;
  body?: unknown;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operation: Json;
}

/** Paths that serve the docs and metrics themselves rather than API operations. */
const OUTSIDE_THE_DOCUMENT = [/^\/docs(?:[-/].*)?$/, /^\/metrics$/];

export class OpenApiContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiContractError';
  }
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addKeyword('example');
    this.ajv.addFormat('password', true);
    const defs = Object.fromEntries(Object.entries<Json>(document.components?.schemas ?? {}).map(([name, schema]) => [name, closeObjects(schema)]));
    this.ajv.addSchema({ $id: 'openapi:components', $defs: rewriteRefs(defs) });
    for (const [template, item] of Object.entries<Json>(document.paths ?? {})) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        if (!operation?.responses) continue;
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+');
        this.routes.push({
          method,
          template,
          pattern: new RegExp(`^${source}$`),
          literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
          operation,
        });
      }
    }
    // A literal segment beats a parameter (`/leaderboard/top` before `/leaderboard/{player_id}`).
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** Throws an OpenApiContractError describing every way `response` departs from the document. */
  check(method: string, url: string, response: ObservedResponse): void {
    const path = new URL(url, 'http://localhost').pathname;
    if (OUTSIDE_THE_DOCUMENT.some((p) => p.test(path))) return;
    const verb = method.toLowerCase();
    const route = this.routes.find((r) => r.method === verb && r.pattern.test(path));
    if (!route) {
      // Not an operation of the document: only the one error shape may answer (Fastify's 404 for unknown routes).
      if (response.status >= 400) return this.checkBody(`${method.toUpperCase()} ${path} (no such operation)`, response, 'ErrorResponse', '#/components/schemas/ErrorResponse');
      throw new OpenApiContractError(`OpenAPI contract: ${method.toUpperCase()} ${path} answered ${response.status} but the document has no such operation`);
    }
    const label = `${method.toUpperCase()} ${route.template} (${route.operation.operationId})`;
    const responses: Json = route.operation.responses;
    const status = String(response.status);
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!documented) {
      throw new OpenApiContractError(
        `OpenAPI contract: ${label} answered ${status}, which the document does not list (documented: ${Object.keys(responses).join(', ')}).` +
          ` Add it to the operation's decorators.\n  body: ${preview(response)}`,
      );
    }
    const content: Json | undefined = documented.content;
    if (!content || Object.keys(content).length === 0) {
      if (hasBody(response)) {
        throw new OpenApiContractError(`OpenAPI contract: ${label} answered ${status} with a body, but the document says it has none.\n  body: ${preview(response)}`);
      }
      return;
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
    const media: Json | undefined = content[contentType];
    if (!media) {
      throw new OpenApiContractError(
        `OpenAPI contract: ${label} answered ${status} as "${contentType || 'no content type'}", the document lists ${Object.keys(content).join(', ')}.\n  body: ${preview(response)}`,
      );
    }
    if (!media.schema || !contentType.endsWith('json')) return;
    this.checkBody(`${label} → ${status}`, response, `${verb} ${route.template} ${status} ${contentType}`, media.schema);
  }

  /** Problems of `value` against `schema` (a schema of the document, refs allowed), strictly; empty when it matches. */
  problems(schema: Json, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(closeObjects(schema)));
      this.validators.set(key, validate);
    }
    return validate(value) ? [] : [...new Set((validate.errors ?? []).filter(relevant).map(describe))];
  }

  private checkBody(label: string, response: ObservedResponse, key: string, schema: Json | string): void {
    let validate = this.validators.get(key);
    if (!validate) {
      const source = typeof schema === 'string' ? { $ref: schema } : schema;
      validate = this.ajv.compile(rewriteRefs(closeObjects(source)));
      this.validators.set(key, validate);
    }
    const body = response.body !== undefined && !(isEmptyObject(response.body) && !response.text) ? response.body : parse(response.text);
    if (validate(body)) return;
    const problems = (validate.errors ?? []).filter(relevant).map(describe);
    throw new OpenApiContractError(
      `OpenAPI contract: ${label}: the body does not match the documented schema:\n` +
        [...new Set(problems)].map((p) => `  - ${p}`).join('\n') +
        `\n  body: ${preview(response)}`,
    );
  }
}

/** Unknown fields fail: every object schema that lists its properties and says nothing else admits no others. */
function closeObjects(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closeObjects) as unknown as Json;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const') out[key] = value;
    else if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, closeObjects(v)]));
    } else out[key] = typeof value === 'object' ? closeObjects(value) : value;
  }
  if (out.properties && out.additionalProperties === undefined && !out.allOf && !out.anyOf && !out.oneOf) {
    out.additionalProperties = false;
  }
  return out;
}

function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"openapi:components#/$defs/'));
}

/** The branch errors of a oneOf/anyOf are noise next to the one that names the property. */
function relevant(error: ErrorObject, _index: number, all: ErrorObject[]): boolean {
  if (error.keyword === 'oneOf' || error.keyword === 'anyOf') return !all.some((e) => e !== error && e.instancePath === error.instancePath);
  return true;
}

function describe(error: ErrorObject): string {
  const path = jsonPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties':
      return `${path} has a property the document does not list: "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `${path} lacks the required property "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'type':
      return `${path} must be ${(error.params as { type: string | string[] }).type} (got ${JSON.stringify(error.data)})`;
    case 'enum':
      return `${path} must be one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)} (got ${JSON.stringify(error.data)})`;
    default:
      return `${path} ${error.message} (got ${JSON.stringify(error.data)?.slice(0, 120)})`;
  }
}

function jsonPath(pointer: string): string {
  if (!pointer) return '$';
  return `$${pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
    .join('')}`;
}

function hasBody(response: ObservedResponse): boolean {
  return Boolean(response.text && response.text.length > 0);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function parse(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function preview(response: ObservedResponse): string {
  const text = response.text ?? JSON.stringify(response.body);
  return text === undefined ? '(none)' : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
