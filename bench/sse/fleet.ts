import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Collected, FleetMessage } from './protocol.js';

/** The benchmark's handle on the forked client process (its own event loop, so parsing 1,000 streams is not on the server's). */
export class Fleet {
  private child: ChildProcess;
  private done = new Set<number>();
  private waiters = new Map<number, () => void>();
  private replies: Array<(m: FleetMessage) => void> = [];

  constructor() {
    this.child = fork(fileURLToPath(new URL('./clients.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FleetMessage) => {
      if (m.type === 'all') {
        this.done.add(m.key);
        this.waiters.get(m.key)?.();
      } else this.replies.shift()?.(m);
    });
  }

  private request(m: object): Promise<FleetMessage> {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.child.send(m);
    });
  }

  async connect(url: string, headers: Record<string, string>, count: number) {
    const m = await this.request({ cmd: 'connect', url, headers, count });
    if (m.type !== 'connected') throw new Error(`fleet: unexpected ${m.type}`);
    return m;
  }

  /** Resolves true once every client has the value, false after timeoutMs (a miss, counted later). */
  waitAll(key: number, timeoutMs: number): Promise<boolean> {
    if (this.done.has(key)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve(false);
      }, timeoutMs);
      this.waiters.set(key, () => {
        clearTimeout(timer);
        this.waiters.delete(key);
        resolve(true);
      });
    });
  }

  async collect(): Promise<Collected> {
    const m = await this.request({ cmd: 'collect' });
    if (m.type !== 'collected') throw new Error(`fleet: unexpected ${m.type}`);
    const { type: _type, ...rest } = m;
    return rest;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ cmd: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
