import type { Executor } from '../../platform/db/database.js';
import type { PublishedEvent } from '../../platform/events/event.js';
import { listUnits, type UnitRow } from './units-repository.js';

/**
 * The unit tree in memory (about 900 rows): hot paths (every case report and dispatch) look units up
 * here instead of querying. Any unit change arrives as a `unit.*` event on every instance and reloads it.
 */
export class UnitDirectory {
  private byCode = new Map<string, UnitRow>();
  private loading: Promise<void> | null = null;

  constructor(private ex: Executor) {}

  async load(): Promise<void> {
    const next = new Map<string, UnitRow>();
    for (let offset = 0; ; offset += 500) {
      const { rows } = await listUnits(this.ex, { scopePaths: ['/'], limit: 500, offset });
      for (const r of rows) next.set(r.code, r);
      if (rows.length < 500) break;
    }
    this.byCode = next;
  }

  get(code: string): UnitRow | undefined {
    return this.byCode.get(code);
  }

  onEvent(e: PublishedEvent): void {
    if (e.type.startsWith('unit.')) this.loading ??= this.load().finally(() => { this.loading = null; });
  }
}
