/**
 * Turns the document @nestjs/swagger generates into the exact contract we publish (OpenAPI 3.1): nullable written the
 * way JSON Schema validators apply it, the one error shape with a realistic example per status, statuses every route
 * can answer, security derived from the auth guard's metadata, and no examples prefilled into optional query inputs.
 * Framework-free on purpose: it only rewrites plain objects.
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const BEARER = 'bearer';
export const SERVER_KEY = 'server-key';
export const ERROR_SCHEMA_NAME = 'ErrorResponse';
const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA_NAME}`;
export const EXAMPLE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

export const ERROR_SCHEMA: Json = {
  type: 'object',
  description: 'The one shape of every error answer (4xx and 5xx).',
  required: ['statusCode', 'error', 'message', 'trace_id'],
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status, repeated', example: 404 },
    error: { type: 'string', description: 'The HTTP reason phrase', example: 'Not Found' },
    message: { type: 'string', description: 'What went wrong, for a human; never internals', example: 'Player 665f1c2b9d3e4a0012345678 not found' },
    trace_id: {
      type: ['string', 'null'],
      description: 'The request id, also in the X-Request-ID header and on every log line of the request',
      example: EXAMPLE_TRACE_ID,
    },
  },
};

export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Real messages the service answers with, used when an operation documents a status without its own example. Only
 * statuses whose message is the same on every route: a 404 or 409 names what was missing or in conflict, so its
 * operation gives the example (a shared one would show one route's error under every other).
 */
const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'property rating should not exist',
  401: 'Missing or invalid access token',
  403: 'This endpoint is for the player role',
  413: 'Request body is too large',
  415: 'Content-Type must be application/json',
  429: 'Too many requests; try again later',
  500: 'Internal server error',
  503: 'A dependency (Redis or MongoDB) is unavailable; retry shortly',
};

/** What the auth guard lets through on one route: public, or which roles (both when unrestricted). */
export interface RouteAccess {
  method: string;
  path: string;
  isPublic: boolean;
  roles: Array<'player' | 'server'>;
}

export interface FinishOptions {
  serverUrl: string | null;
  routes: RouteAccess[];
}

/** The message an operation without its own example shows; a 404/409 falls back to the reason phrase (a test rejects that). */
export function errorExample(status: number, message?: string): Json {
  return {
    statusCode: status,
    error: REASONS[status] ?? 'Error',
    message: message ?? DEFAULT_MESSAGES[status] ?? REASONS[status] ?? 'Error',
    trace_id: EXAMPLE_TRACE_ID,
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Rewrites the generated document in place and returns it. */
export function finishDocument(document: Json, options: FinishOptions): Json {
  document.openapi = '3.1.0';
  document.servers = [
    options.serverUrl
      ? { url: options.serverUrl, description: 'This deployment (PUBLIC_URL)' }
      : { url: '/', description: 'The host serving this document' },
  ];
  const schemas: Json = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) schemas[name] = toJsonSchema(schemas[name]);
  schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA;
  document.components = { ...document.components, schemas: sortKeys(schemas) };

  const access = new Map(options.routes.map((r) => [`${r.method} ${r.path}`, r]));
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = access.get(`${method} ${path}`);
      applySecurity(operation, route);
      addImpliedStatuses(operation, method, path, route);
      finishParameters(operation);
      finishResponses(operation);
      if (operation.requestBody?.content) {
        for (const media of Object.values<Json>(operation.requestBody.content)) media.schema = toJsonSchema(media.schema);
      }
    }
  }
  return document;
}

function applySecurity(operation: Json, route: RouteAccess | undefined): void {
  if (!route) return;
  if (route.isPublic) {
    // A route public to the global guard but declaring credentials authenticates with a guard of its own (the SSE stream).
    if (!operation.security?.length) operation.security = [];
    return;
  }
  const schemes = [];
  if (route.roles.includes('player')) schemes.push({ [BEARER]: [] });
  if (route.roles.includes('server')) schemes.push({ [SERVER_KEY]: [] });
  operation.security = schemes;
}

/** Statuses every route of a kind can answer, whether or not its author thought of them. */
function addImpliedStatuses(operation: Json, method: string, path: string, route: RouteAccess | undefined): void {
  const responses: Json = (operation.responses ??= {});
  const add = (status: number, description: string, example?: string) => {
    responses[String(status)] ??= example ? { description, content: { 'application/json': { example } } } : { description };
  };
  if (route && !route.isPublic) {
    add(401, 'Missing, invalid, expired or revoked credentials');
    if (route.roles.length === 1) {
      const [role] = route.roles;
      const message = `This endpoint is for the ${role} role`;
      add(403, role === 'player' ? 'Not a player access token (e.g. a game-server key)' : 'Not a game server (send X-Server-Key)', message);
      const media: Json = ((responses['403'].content ??= {})['application/json'] ??= {});
      media.example ??= message;
    }
  }
  if (operation.requestBody) {
    add(400, 'Malformed JSON, invalid or unknown fields');
    add(413, 'Request body larger than HTTP_BODY_LIMIT_BYTES');
    add(415, 'Content-Type is not application/json');
  } else if (method !== 'get' && method !== 'head') {
    // The server reads a body on these methods even where the route takes none, so a client sending one can meet these.
    const invalidBody = 'a body was sent (this route takes none) and it is not valid JSON';
    if (responses['400']) responses['400'].description = `${responses['400'].description}; or ${invalidBody}`;
    add(400, invalidBody.charAt(0).toUpperCase() + invalidBody.slice(1), "Body is not valid JSON but content-type is set to 'application/json'");
    add(413, 'A body was sent (this route takes none) larger than HTTP_BODY_LIMIT_BYTES');
  }
  if (path.startsWith('/api/')) add(503, 'Redis or MongoDB is unavailable; retry shortly');
  add(500, 'Unexpected error (never carries internals)');
}

/** Optional query inputs start empty in "Try it out": their example moves into the description. */
function finishParameters(operation: Json): void {
  for (const parameter of operation.parameters ?? []) {
    parameter.schema = toJsonSchema(parameter.schema ?? {});
    if (parameter.in === 'query' && !parameter.required) {
      const example = parameter.example ?? parameter.schema.example;
      delete parameter.example;
      delete parameter.schema.example;
      if (example !== undefined && parameter.schema.default === undefined && !String(parameter.description ?? '').includes('e.g.')) {
        parameter.description = `${parameter.description ? `${parameter.description} ` : ''}(e.g. \`${example}\`)`;
      }
    }
  }
}

function finishResponses(operation: Json): void {
  for (const [code, response] of Object.entries<Json>(operation.responses)) {
    const status = Number(code);
    const media: Json = response.content?.['application/json'] ?? {};
    const ownSchema = media.schema && media.schema.$ref !== ERROR_REF;
    if (status >= 400 && !ownSchema) {
      // A route that produces another type (the SSE stream) gets its error examples filed under that type; errors are JSON.
      const example = media.example ?? Object.values<Json>(response.content ?? {}).find((m) => m.example !== undefined)?.example;
      response.content = {
        'application/json': {
          schema: { $ref: ERROR_REF },
          example: typeof example === 'object' && example !== null ? example : errorExample(status, typeof example === 'string' ? example : undefined),
        },
      };
    } else {
      for (const media of Object.values<Json>(response.content ?? {})) {
        if (media.schema) media.schema = toJsonSchema(media.schema);
      }
    }
  }
}

/**
 * OpenAPI 3.0 `nullable` (what @nestjs/swagger emits) becomes JSON Schema: `type: [t, 'null']`, or
 * `oneOf: [{$ref}, {type: 'null'}]` for a nullable object, since a validator ignores `nullable` beside `allOf`.
 */
export function toJsonSchema(input: Json): Json {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const schema: Json = { ...input };
  for (const key of ['properties', 'patternProperties', '$defs']) {
    if (schema[key]) schema[key] = Object.fromEntries(Object.entries<Json>(schema[key]).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) if (schema[key]) schema[key] = schema[key].map(toJsonSchema);
  for (const key of ['items', 'not']) if (schema[key]) schema[key] = toJsonSchema(schema[key]);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    schema.additionalProperties = toJsonSchema(schema.additionalProperties);
  }
  if (typeof schema.exclusiveMinimum === 'boolean') {
    if (schema.exclusiveMinimum) schema.exclusiveMinimum = schema.minimum;
    else delete schema.exclusiveMinimum;
    if (schema.exclusiveMinimum !== undefined) delete schema.minimum;
  }
  if (typeof schema.exclusiveMaximum === 'boolean') {
    if (schema.exclusiveMaximum) schema.exclusiveMaximum = schema.maximum;
    else delete schema.exclusiveMaximum;
    if (schema.exclusiveMaximum !== undefined) delete schema.maximum;
  }
  // A single-$ref allOf is how the generator attaches a description to a reference; 3.1 allows $ref siblings.
  if (schema.allOf?.length === 1 && schema.allOf[0].$ref && !schema.properties) {
    schema.$ref = schema.allOf[0].$ref;
    delete schema.allOf;
    if (schema.type === 'object') delete schema.type;
  }
  if (schema.nullable === true) {
    delete schema.nullable;
    if (schema.$ref) {
      const { $ref, ...rest } = schema;
      return { ...rest, oneOf: [{ $ref }, { type: 'null' }] };
    }
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    else if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  } else if (schema.nullable === false) {
    delete schema.nullable;
  }
  return schema;
}

function sortKeys(object: Json): Json {
  return Object.fromEntries(Object.keys(object).sort().map((k) => [k, object[k]]));
}
