/** Messages between the benchmark process and the SSE client fleet it forks (bench/sse/clients.ts). */
export type FleetCommand =
  | { cmd: 'connect'; url: string; headers: Record<string, string>; count: number }
  | { cmd: 'collect' }
  | { cmd: 'close' };

export interface Collected {
  /** Per awaited value: the wall-clock receive time (ms) of each client that got it, one entry per client. */
  deliveries: Record<string, number[]>;
  duplicates: number;
  disconnects: number;
  parseErrors: number;
}

export type FleetMessage =
  | { type: 'connected'; ok: number; failed: number; ms: number; firstError?: string }
  | { type: 'all'; key: number }
  | ({ type: 'collected' } & Collected);

/** The value a client waits for: `payload.changes.population` of a `unit.updated` event (the baseline mimics it). */
export function keyOf(data: unknown): number | undefined {
  const d = data as { payload?: { changes?: { population?: unknown } } } | null;
  const v = d?.payload?.changes?.population;
  return typeof v === 'number' ? v : undefined;
}
