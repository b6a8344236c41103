// Renders the committed client files from an OpenAPI document file:
//   node scripts/client-render.mjs --write <openapi.json>   rewrites libs/client/openapi.json and libs/client/src/schema.ts
//   node scripts/client-render.mjs --check <openapi.json>   exits 1 naming each committed file that differs (stale client)
// Plain ESM so that both `npm run client:generate` and the e2e test run the very same generator (openapi-typescript).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [mode, source] = process.argv.slice(2);
if (!['--write', '--check'].includes(mode) || !source) {
  console.error('usage: node scripts/client-render.mjs --write|--check <openapi.json>');
  process.exit(2);
}

// The committed copy is environment-neutral: `servers` follows PUBLIC_URL, the rest is the contract.
const document = { ...JSON.parse(readFileSync(source, 'utf8')), servers: [{ url: '/', description: 'The host serving this document' }] };
const header = '/**\n * Generated from libs/client/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit by hand.\n */\n\n';
const files = {
  'libs/client/openapi.json': `${JSON.stringify(document, null, 2)}\n`,
  'libs/client/src/schema.ts': header + astToString(await openapiTS(document, { alphabetize: false, defaultNonNullable: false })),
};

const stale = [];
for (const [path, content] of Object.entries(files)) {
  const target = join(root, path);
  if (mode === '--write') {
    writeFileSync(target, content);
    console.log(`wrote ${path}`);
  } else {
    let committed = null;
    try {
      committed = readFileSync(target, 'utf8');
    } catch {}
    if (committed !== content) stale.push(path);
  }
}
if (stale.length > 0) {
  console.error(`stale client: ${stale.join(', ')} differ from the live document; run npm run client:generate and commit`);
  process.exit(1);
}
