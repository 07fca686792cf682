// npm run api:types — start the platform on a throwaway embedded database, read its OpenAPI document
// and write the typed client's declarations.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { startServer } from '../server/src/server.js';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

const dir = mkdtempSync(join(tmpdir(), 'cy-api-types-'));
const server = await startServer(loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dir, DATABASE_URL: '' }));
try {
  const res = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
  writeFileSync(API_TYPES_FILE, await renderApiTypes(res.json()));
  console.log(`wrote ${API_TYPES_FILE.pathname}`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
