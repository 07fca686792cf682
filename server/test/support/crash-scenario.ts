// What the crash child and crash-outbox.test.ts share.
import { updateUnit } from '../../src/modules/units/units-repository.js';
import { sql } from '../../src/platform/db/database.js';
import type { UnitOfWork } from '../../src/platform/db/unit-of-work.js';

export const JFB = '500103003';
export const JFB_PATH = '/500103/500103003/';
export const EFFECTS_TABLE = sql`CREATE TABLE IF NOT EXISTS crash_effects (
  id bigserial PRIMARY KEY, sub text NOT NULL, event_id bigint NOT NULL, seq bigint NOT NULL)`;

/** What PATCH /api/units/:code does, in one unit of work: change, audit row, event. */
export async function changePopulation(uow: UnitOfWork, population: number, extra: Record<string, unknown> = {}): Promise<void> {
  await updateUnit(uow.tx, JFB, { population });
  uow.audit({ action: 'unit.update', targetType: 'unit', targetId: JFB, unitPath: JFB_PATH, detail: { changes: { population } } });
  uow.emit({ type: 'unit.updated', unitPath: JFB_PATH, subjectType: 'unit', subjectId: JFB, payload: { changes: { population }, ...extra } });
}
