import type { Executor } from '../../platform/db/database.js';
import type { PublishedEvent } from '../../platform/events/event.js';
import { listCategories } from './categories-repository.js';
import type { CategoryRow } from './categories-tables.js';

/** The category code table in memory for case intake; `category.*` events reload it on every instance. */
export class CategoryDirectory {
  private byCode = new Map<string, CategoryRow>();
  private loading: Promise<void> | null = null;

  constructor(private ex: Executor) {}

  async load(): Promise<void> {
    this.byCode = new Map((await listCategories(this.ex, {})).map((c) => [c.code, c]));
  }

  get(code: string): CategoryRow | undefined {
    return this.byCode.get(code);
  }

  onEvent(e: PublishedEvent): void {
    if (e.type.startsWith('category.')) this.loading ??= this.load().finally(() => { this.loading = null; });
  }
}
