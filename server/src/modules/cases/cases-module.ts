import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerCaseRoutes } from './cases-routes.js';
import { CategoryDirectory } from '../categories/category-directory.js';
import { UnitDirectory } from '../units/unit-directory.js';
import { CaseRefAllocator } from './cases-repository.js';
import type { CaseDeps } from './cases-service.js';
import { DuplicateFinder } from './duplicates.js';

/** What the case services need, with the unit tree and category table loaded into memory and kept fresh. */
export async function createCaseDeps(p: Platform): Promise<CaseDeps> {
  const units = new UnitDirectory(p.database.db);
  const categories = new CategoryDirectory(p.database.db);
  await Promise.all([units.load(), categories.load()]);
  p.bus.subscribe((e) => {
    units.onEvent(e);
    categories.onEvent(e);
  });
  return {
    loop: p.loop, locator: p.locator, duplicates: p.config.duplicates, nearby: new DuplicateFinder(p.database.db, p.config.duplicates),
    units, categories, refs: new CaseRefAllocator(),
  };
}

export const DEADLINE_SWEEP = 'closed-loop.sweep';

/** The case loop: its routes, and the deadline sweep (shared by every work item kind) on the scheduler. Returns the case services' dependencies for adapters (Open311, import). */
export async function registerCaseModule(app: TypedApp, p: Platform): Promise<CaseDeps> {
  const deps = await createCaseDeps(p);
  registerCaseRoutes(app, p, deps);
  await p.scheduler.defineRecurring(DEADLINE_SWEEP, p.config.deadlineSweepMs, async ({ uow }) => {
    await p.loop.sweep(uow);
  });
  return deps;
}
