import { OpenApiContract } from './harness/openapi-contract';

/** The harness's response check itself: what it lets through and how it words a departure from the document. */
describe('OpenAPI contract check (test harness)', () => {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const contract = new OpenApiContract({
    openapi: '3.1.0',
    paths: {
      '/api/v1/things/{id}': {
        get: {
          operationId: 'getThing',
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '404': { description: 'no', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } },
          },
        },
        delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } },
      },
      '/api/v1/things/top': {
        get: { operationId: 'getTopThing', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'integer' } } } } } } },
      },
    },
    components: {
      schemas: {
        Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        Thing: {
          type: 'object',
          required: ['id', 'count', 'owner', 'at'],
          properties: {
            id: { type: 'string' },
            count: { type: 'integer' },
            owner: { oneOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
            at: { type: 'string', format: 'date-time' },
          },
        },
        ErrorResponse: {
          type: 'object',
          required: ['statusCode', 'error', 'message', 'trace_id'],
          properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' }, trace_id: { type: ['string', 'null'] } },
        },
      },
    },
  });
  const thing = { id: 'a', count: 2, owner: { name: 'nova' }, at: '2026-11-23T20:00:00.000Z' };
  const check = (method: string, url: string, status: number, body?: unknown, headers: Record<string, string> = json) =>
    contract.check(method, url, { status, headers, body, text: body === undefined ? '' : JSON.stringify(body) });

  it('accepts documented answers, null for a nullable object included', () => {
    expect(() => check('GET', '/api/v1/things/a', 200, thing)).not.toThrow();
    expect(() => check('GET', '/api/v1/things/a?x=1', 200, { ...thing, owner: null })).not.toThrow();
    expect(() => check('DELETE', '/api/v1/things/a', 204, undefined, {})).not.toThrow();
    expect(() => check('GET', '/api/v1/things/top', 200, [1, 2])).not.toThrow();
    expect(() => check('GET', '/docs-json', 200, {})).not.toThrow();
  });

  it('names the operation, status and JSON path of an unknown property', () => {
    expect(() => check('GET', '/api/v1/things/a', 200, { ...thing, owner: { name: 'nova', rank: 3 } })).toThrow(
      /GET \/api\/v1\/things\/\{id\} \(getThing\) → 200[\s\S]*\$\.owner has a property the document does not list: "rank"/,
    );
  });

  it('fails a wrong type, a missing field, a bad date-time and an undocumented status', () => {
    expect(() => check('GET', '/api/v1/things/a', 200, { ...thing, count: 2.5 })).toThrow(/\$\.count must be integer \(got 2\.5\)/);
    const { at: _at, ...noAt } = thing;
    expect(() => check('GET', '/api/v1/things/a', 200, noAt)).toThrow(/\$ lacks the required property "at"/);
    expect(() => check('GET', '/api/v1/things/a', 200, { ...thing, at: 'yesterday' })).toThrow(/\$\.at must match format "date-time"/);
    expect(() => check('GET', '/api/v1/things/a', 409, { statusCode: 409 })).toThrow(/\(getThing\) answered 409, which the document does not list \(documented: 200, 404\)/);
    expect(() => check('DELETE', '/api/v1/things/a', 204, { gone: true })).toThrow(/with a body, but the document says it has none/);
    expect(() => check('GET', '/api/v1/things/a', 200, thing, { 'content-type': 'text/plain' })).toThrow(/answered 200 as "text\/plain"/);
  });

  it('prefers a literal path segment and holds unknown routes to the error shape', () => {
    expect(() => check('GET', '/api/v1/things/top', 200, thing)).toThrow(/getTopThing/);
    expect(() => check('GET', '/api/v1/nowhere', 404, { statusCode: 404, error: 'Not Found', message: 'Route GET:/api/v1/nowhere not found', trace_id: null })).not.toThrow();
    expect(() => check('GET', '/api/v1/nowhere', 404, { message: 'nope' })).toThrow(/no such operation/);
  });
});
