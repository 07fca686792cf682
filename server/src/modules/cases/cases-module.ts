import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerCaseRoutes } from './cases-routes.js';
import type { CaseDeps } from './cases-service.js';

export const DEADLINE_SWEEP = 'closed-loop.sweep';

/** The case loop: its routes, and the deadline sweep (shared by every work item kind) on the scheduler. */
export async function registerCaseModule(app: TypedApp, p: Platform): Promise<void> {
  const deps: CaseDeps = { loop: p.loop, locator: p.locator, duplicates: p.config.duplicates };
  registerCaseRoutes(app, p, deps);
  await p.scheduler.defineRecurring(DEADLINE_SWEEP, p.config.deadlineSweepMs, async ({ uow }) => {
    await p.loop.sweep(uow);
  });
}
