import type { PublishedEvent } from '../events/event.js';

/**
 * A small read-mostly table (the unit tree, a code table) held in memory for hot paths. Events whose type
 * starts with `eventPrefix` arrive on every instance and reload it; a change arriving during a reload
 * triggers one more, since that reload's read may predate it.
 */
export class ReferenceTable<V> {
  private byKey = new Map<string, V>();
  private loading: Promise<void> | null = null;
  private stale = false;

  constructor(private fetchAll: () => Promise<Array<[string, V]>>, private eventPrefix: string) {}

  async load(): Promise<void> {
    this.byKey = new Map(await this.fetchAll());
  }

  get(key: string): V | undefined {
    return this.byKey.get(key);
  }

  onEvent(e: PublishedEvent): void {
    if (e.type.startsWith(this.eventPrefix)) this.reload();
  }

  private reload(): void {
    if (this.loading) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.loading = this.load()
      // A failed reload (the database closing at shutdown) keeps the previous table; the next event retries.
      .catch(() => {})
      .finally(() => {
        this.loading = null;
        if (this.stale) this.reload();
      });
  }
}
