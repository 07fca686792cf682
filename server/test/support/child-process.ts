import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * A TypeScript script in a child process. It runs as `node --import tsx <script>` rather than through
 * `npx tsx`, whose wrapper processes would survive a SIGKILL aimed at them and leave the real process
 * running; the child also leads its own process group so `kill()` reaches anything it spawned.
 */
export class Child {
  private out = '';
  private listeners = new Set<() => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly proc: ChildProcess) {
    const append = (chunk: Buffer) => {
      this.out += chunk.toString('utf8');
      for (const l of this.listeners) l();
    };
    proc.stdout!.on('data', append);
    proc.stderr!.on('data', append);
    this.exited = new Promise((done) => proc.once('exit', (code, signal) => {
      done({ code, signal });
      for (const l of this.listeners) l();
    }));
  }

  static start(script: string, args: string[], env: Record<string, string | undefined>): Child {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    return new Child(proc);
  }

  get output(): string {
    return this.out;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Resolves with the first output line matching `re`; rejects if the child exits or time runs out. */
  waitForLine(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const m = this.out.split('\n').map((l) => l.match(re)).find(Boolean);
        if (m) finish(() => resolvePromise(m));
        else if (!this.running) finish(() => reject(new Error(`child exited before ${re}:\n${this.out}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${re} within ${timeoutMs} ms:\n${this.out}`))), timeoutMs);
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        fn();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Signals the child's whole process group and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running && this.proc.pid) {
      try {
        process.kill(-this.proc.pid, signal);
      } catch {
        // already gone
      }
    }
    return this.exited;
  }
}
