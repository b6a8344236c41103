import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './harness/test-app';
import { createPlayer } from './support/players';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = join(__dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function operations(doc: Json): Array<{ label: string; path: string; method: string; op: Json }> {
  return Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ label: `${method.toUpperCase()} ${path}`, path, method, op: item[method] })),
  );
}

/** What Swagger UI shows as the example of a schema: explicit examples first, else one composed from the parts. */
function sample(doc: Json, schema: Json, depth = 0): unknown {
  if (!schema || depth > 12) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return sample(doc, doc.components.schemas[schema.$ref.split('/').pop()], depth + 1);
  if (schema.oneOf) return sample(doc, schema.oneOf[0], depth + 1);
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = [schema.type].flat().find((t) => t !== 'null');
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries<Json>(schema.properties ?? {}).map(([k, v]) => [k, sample(doc, v, depth + 1)]));
  }
  if (type === 'array') return [sample(doc, schema.items, depth + 1)];
  return undefined;
}

describe('GET /docs-json (OpenAPI document)', () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });

  afterAll(() => t.close());

  it('is OpenAPI 3.1 with servers, described tags and described security schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const declared = new Map((doc.tags as Json[]).map((tag) => [tag.name, tag.description]));
    const used = new Set(operations(doc).flatMap(({ op }) => op.tags ?? []));
    for (const tag of used) expect([tag, declared.get(tag)]).toEqual([tag, expect.stringMatching(/.{20,}/)]);
    for (const [name, scheme] of Object.entries<Json>(doc.components.securitySchemes)) {
      expect([name, scheme.description]).toEqual([name, expect.stringMatching(/.{20,}/)]);
    }
    expect(doc.components.securitySchemes['server-key'].description).toMatch(/acts as the game server/);
  });

  it('gives every operation a client-friendly id, a summary, tags and a described 2xx', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const { label, op } of operations(doc)) {
      if (!/^[a-z][a-zA-Z0-9]*$/.test(op.operationId ?? '') || /Controller/.test(op.operationId)) problems.push(`${label}: operationId ${op.operationId}`);
      if (ids.has(op.operationId)) problems.push(`${label}: duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      if (!op.summary) problems.push(`${label}: no summary`);
      if (!op.tags?.length) problems.push(`${label}: no tag`);
      if (!Object.keys(op.responses).some((s) => s.startsWith('2'))) problems.push(`${label}: no 2xx response`);
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (!response.description?.trim()) problems.push(`${label} ${status}: empty description`);
      }
      for (const parameter of op.parameters ?? []) {
        if (!parameter.description?.trim()) problems.push(`${label}: parameter ${parameter.name} has no description`);
      }
    }
    expect(problems).toEqual([]);
    expect([...ids]).toEqual(expect.arrayContaining(['register', 'login', 'getProfile', 'joinQueue', 'getQueueStatus', 'getSessionState', 'submitMatchResult']));
  });

  it('marks public routes security: [] and every other route with the credentials the auth guard accepts', () => {
    const security = Object.fromEntries(operations(doc).map(({ label, op }) => [label, op.security]));
    expect(security['POST /api/v1/auth/register']).toEqual([]);
    expect(security['POST /api/v1/auth/login']).toEqual([]);
    expect(security['GET /health/ready']).toEqual([]);
    expect(security['GET /api/v1/queue/status']).toEqual([{ bearer: [] }]);
    expect(security['POST /api/v1/matches/result']).toEqual([{ bearer: [] }, { 'server-key': [] }]);
    for (const { label, op } of operations(doc)) {
      expect([label, Array.isArray(op.security)]).toEqual([label, true]);
      if (op.security.length > 0) expect([label, Object.keys(op.responses)]).toEqual([label, expect.arrayContaining(['401'])]);
    }
  });

  it('answers every error status with the one error shape and an example of that status', () => {
    const problems: string[] = [];
    for (const { label, op } of operations(doc)) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        if (Number(status) < 400) continue;
        const media = response.content?.['application/json'];
        if (media?.schema?.$ref !== '#/components/schemas/ErrorResponse') continue; // an own body (e.g. readiness 503)
        if (!media.example) {
          problems.push(`${label} ${status}: no example`);
          continue;
        }
        if (media.example.statusCode !== Number(status)) {
          problems.push(`${label} ${status}: example says ${media.example.statusCode}`);
        }
        // A 404 or 409 names what was missing or in conflict: the operation must show its own message.
        if (media.example.message === media.example.error) problems.push(`${label} ${status}: no example message of its own`);
      }
      expect([label, Object.keys(op.responses)]).toEqual([label, expect.arrayContaining(['500'])]);
    }
    expect(problems).toEqual([]);
    // Not one example shared by every status (the old document showed a 409 everywhere).
    const login = doc.paths['/api/v1/auth/login'].post.responses;
    expect(login['401'].content['application/json'].example.message).toBe('Invalid username or password');
    expect(login['429'].content['application/json'].example.statusCode).toBe(429);
    const example = (path: string, method: string, status: number) => doc.paths[path][method].responses[status].content['application/json'].example.message;
    expect(example('/api/v1/pools/{pool}/seasons', 'post', 403)).toBe('This endpoint is for the server role');
    expect(example('/api/v1/parties/{party_id}/join', 'post', 409)).toMatch(/^Party is full/);
    expect(example('/api/v1/matches/{match_id}/accept', 'post', 404)).toMatch(/^Match \S+ not found/);
    // The stream produces text/event-stream, yet its errors are JSON with their own examples.
    expect(example('/api/v1/events', 'get', 503)).toBe('This replica is shutting down; reconnect');
  });

  it('shows an example for every status that matches its schema strictly', () => {
    const problems: string[] = [];
    for (const { label, op } of operations(doc)) {
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
          if (!media.schema || !type.endsWith('json')) continue;
          const examples: Array<[string, unknown]> = media.examples
            ? Object.entries<Json>(media.examples).map(([name, named]) => [` (example ${name})`, named.value])
            : [['', media.example ?? sample(doc, media.schema)]];
          for (const [name, example] of examples) {
            for (const problem of t.contract.problems(media.schema, example)) problems.push(`${label} ${status}${name}: ${problem}`);
          }
        }
      }
      const body = op.requestBody?.content?.['application/json'];
      const requests: Array<[string, unknown]> = body?.examples
        ? Object.entries<Json>(body.examples).map(([name, named]) => [` (example ${name})`, named.value])
        : body
          ? [['', body.example ?? sample(doc, body.schema)]]
          : [];
      for (const [name, example] of requests) {
        for (const problem of t.contract.problems(body.schema, example)) problems.push(`${label} request${name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every schema property an example, types timestamps as date-time and names no schema twice', () => {
    const problems: string[] = [];
    for (const [name, schema] of Object.entries<Json>(doc.components.schemas)) {
      for (const [prop, value] of Object.entries<Json>(schema.properties ?? {})) {
        const refs = [value, value.items, ...(value.allOf ?? []), ...(value.oneOf ?? [])];
        if (value.example === undefined && !refs.some((r) => r?.$ref !== undefined)) problems.push(`${name}.${prop}: no example`);
        const examples = [value.example, ...(Array.isArray(value.example) ? value.example : [])];
        if (examples.some((e) => typeof e === 'string' && ISO_DATE_TIME.test(e)) && value.format !== 'date-time') {
          problems.push(`${name}.${prop}: a timestamp without format: date-time`);
        }
        if (value.nullable !== undefined) problems.push(`${name}.${prop}: OpenAPI 3.0 nullable left in a 3.1 document`);
      }
    }
    expect(problems).toEqual([]);
    // The match result and the profile each have their own rating-change schema.
    expect(Object.keys(doc.components.schemas.MatchRatingChangeDto.properties)).toEqual(['player_id', 'team', 'old_rating', 'new_rating', 'change']);
    expect(Object.keys(doc.components.schemas.ProfileRatingChangeDto.properties)).toEqual(['timestamp', 'rating', 'change', 'session_id', 'teammates', 'opponents']);
  });

  it('documents the 400 and 413 a route without a body answers when a client sends a malformed or oversized one', async () => {
    const player = await createPlayer(t);
    const malformed = await t.http.post('/api/v1/parties').set(player.auth).set('content-type', 'application/json').send('{bad').expect(400);
    expect(malformed.body.message).toBe(doc.paths['/api/v1/parties'].post.responses['400'].content['application/json'].example.message);
    await t.http.delete('/api/v1/queue/leave').set(player.auth).set('content-type', 'application/json').send(`"${'x'.repeat(t.config.http.bodyLimitBytes)}"`).expect(413);
  });

  it('has no two documented classes of one name (the generator would silently merge their schemas)', () => {
    const owners = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
          const text = readFileSync(path, 'utf8');
          if (!/@ApiProperty/.test(text)) continue;
          for (const [, name] of text.matchAll(/^export class (\w+)/gm)) owners.set(name, [...(owners.get(name) ?? []), path.slice(ROOT.length + 1)]);
        }
      }
    };
    walk(join(ROOT, 'apps'));
    walk(join(ROOT, 'libs'));
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
    expect(owners.size).toBeGreaterThan(30);
  });

  it('writes nullable objects so strict validators accept null', () => {
    const opponent = doc.components.schemas.QueueStatusDto.properties.opponent;
    expect(t.contract.problems(opponent, null)).toEqual([]);
    expect(t.contract.problems(opponent, { player_id: '665f1c2b9d3e4a0012345679', username: 'iron_falcon', rating: 1234 })).toEqual([]);
    expect(t.contract.problems(opponent, { player_id: 'x', username: 'y', rating: 1, extra: true })).not.toEqual([]);
  });

  it('leaves optional query parameters empty in "Try it out"', () => {
    const problems: string[] = [];
    for (const { label, op } of operations(doc)) {
      for (const parameter of op.parameters ?? []) {
        if (parameter.in === 'query' && !parameter.required && (parameter.example !== undefined || parameter.schema?.example !== undefined)) {
          problems.push(`${label}: query parameter ${parameter.name} has an example Swagger UI would prefill`);
        }
      }
    }
    expect(problems).toEqual([]);
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

  it('is listed operation by operation, with its statuses, in docs/api-contract.md', () => {
    const text = readFileSync(join(ROOT, 'docs', 'api-contract.md'), 'utf8');
    const rows = new Set(text.split('\n').filter((line) => line.startsWith('| ')));
    const missing = operations(doc)
      .map(({ label, op }) => `| ${op.tags[0]} | \`${op.operationId}\` | \`${label}\` | ${Object.keys(op.responses).filter((s) => s !== '500').join(' ')} |`)
      .filter((row) => !rows.has(row));
    expect(missing).toEqual([]);
  });

  let dir: string;
  let file: string;
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, args, {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).then(
      (done) => ({ code: 0, ...done }),
      (failure: { code: number; stdout: string; stderr: string }) => failure,
    );
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gsm-openapi-'));
    file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes Redocly lint (recommended rules and ours in redocly.yaml) with no error', async () => {
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const lint = await run([cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json']);
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as { totals: Json; problems: Json[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('matches the committed client (run `npm run client:generate` after changing the API)', async () => {
    const check = await run([join(ROOT, 'scripts', 'client-render.mjs'), '--check', file]);
    expect(check.stderr.trim()).toBe('');
    expect(check.code).toBe(0);
  });
});

describe('OpenAPI servers', () => {
  it('lists PUBLIC_URL as the server when it is set', async () => {
    const t = await startTestApp({ env: { PUBLIC_URL: 'https://games.example.net/' } });
    try {
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      expect(doc.servers).toEqual([{ url: 'https://games.example.net', description: expect.any(String) }]);
    } finally {
      await t.close();
    }
  });
});
