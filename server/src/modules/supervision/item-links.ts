import type { Executor } from '../../platform/db/database.js';
import { findTask, milestoneContext } from '../responsibility/tasks-repository.js';

/**
 * The responsibility list each task or milestone belongs to (its page in the console is the list's), read
 * through the responsibility module's own lookups, for the rows of one page only.
 */
export async function responsibilityListIds(ex: Executor, items: ReadonlyArray<{ id: string; kind: string }>): Promise<Map<string, string>> {
  const found = await Promise.all(items.map(async ({ id, kind }) => {
    if (kind === 'milestone') return [id, (await milestoneContext(ex, id))?.list_id] as const;
    if (kind === 'task') return [id, (await findTask(ex, id))?.list_id] as const;
    return [id, undefined] as const;
  }));
  return new Map(found.filter((f): f is readonly [string, string] => f[1] !== undefined));
}
