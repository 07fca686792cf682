import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { startServer, type RunningServer } from '../server/src/server.js';

/** A real server on a free port, with its own fresh embedded database (or DATABASE_URL when CI sets it). */
export async function startTestServer(): Promise<RunningServer & { base: string }> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cy-e2e-')),
    BUS_PREFIX: `e2e${process.pid}`,
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
  });
  const server = await startServer(config);
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { ...server, base: `http://127.0.0.1:${port}` };
}
