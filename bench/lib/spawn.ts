import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The parent's environment without anything that would point a child at another database, bus or port. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'NATS_URL', 'PORT', 'HOST', 'DATA_DIR', 'NODE_OPTIONS']) delete env[k];
  return { ...env, ...extra };
}

export function runSync(cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export interface ColdStart {
  /** Spawn to first 200 from the health URL, ms. */
  readyMs: number;
  /** SIGTERM to exit, ms. */
  stopMs: number;
  exitCode: number | null;
  signal: string | null;
}

/** Spawns, polls `url` every pollMs until it answers 200, then SIGTERMs the process and waits for it to exit. */
export async function timeColdStart(cmd: string, args: string[], env: NodeJS.ProcessEnv, url: string, pollMs = 20, timeoutMs = 30_000): Promise<ColdStart> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    let readyMs = -1;
    while (readyMs < 0) {
      const tick = performance.now();
      if (exitedEarly) throw new Error(`${cmd} exited before answering: ${output}`);
      if (tick - t0 > timeoutMs) throw new Error(`${cmd} did not answer within ${timeoutMs} ms: ${output}`);
      if ((await healthStatus(url)) === 200) readyMs = performance.now() - t0;
      else await sleep(Math.max(0, pollMs - (performance.now() - tick)));
    }
    const t1 = performance.now();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const { code, signal } = await exited;
    clearTimeout(killer);
    return { readyMs, stopMs: performance.now() - t1, exitCode: code, signal };
  } finally {
    if (!exitedEarly) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}
