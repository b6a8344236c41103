import { startTestApp, TestApp } from './harness/test-app';

type Schema = {
  properties?: Record<string, Schema>;
  $ref?: string;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
  type?: string;
};
type Operation = { summary?: string; responses: Record<string, unknown>; security?: unknown[] };

describe('GET /docs-json (OpenAPI document)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });

  afterAll(() => t.close());

  it('documents every API endpoint with a summary and a success response', () => {
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(methods)) {
        if (!op.summary) problems.push(`${method.toUpperCase()} ${path}: no summary`);
        if (!Object.keys(op.responses).some((s) => s.startsWith('2'))) problems.push(`${method.toUpperCase()} ${path}: no 2xx response`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every DTO property an example', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [prop, value] of Object.entries(schema.properties ?? {})) {
        const refs = [value, value.items, ...(value.allOf ?? []), ...(value.oneOf ?? [])];
        const documented = value.example !== undefined || refs.some((r) => r?.$ref !== undefined);
        if (!documented) missing.push(`${name}.${prop}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists the routes of every feature', () => {
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/profile',
      '/api/v1/sessions/create',
      '/api/v1/sessions/{id}/state',
      '/api/v1/queue/join',
      '/api/v1/queue/status',
      '/api/v1/matches/result',
      '/api/v1/leaderboard',
      '/api/v1/events',
      '/api/v1/events/ticket',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
