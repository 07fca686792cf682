import { loadConfig } from '../../server/src/config.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import type { Backend } from './backends.js';
import { login } from './http.js';

export interface BenchPlatform {
  server: RunningServer;
  baseUrl: string;
  /** Bearer token of the seeded admin. */
  token: string;
}

/**
 * The real platform in this process on a free port (PORT=0) and a fresh database; startServer migrates and seeds.
 * Logs at warn by default (BENCH_LOG_LEVEL overrides): per-request info logs would flood the terminal.
 */
export async function startPlatform(backend: Backend): Promise<BenchPlatform> {
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: backend.dataDir,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ...backend.env,
  });
  const server = await startServer(config);
  try {
    const baseUrl = server.url.replace('0.0.0.0', '127.0.0.1');
    return { server, baseUrl, token: await login(baseUrl) };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
