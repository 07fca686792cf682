import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import type { OperationDeps } from '../operations/tasks-service.js';
import { registerPlanRoutes } from './plans-routes.js';
import { registerSeedPlans } from './plans-seed.js';
import type { PlanDeps } from './plans-service.js';
import { registerResourceRoutes } from './resources-routes.js';

/**
 * 预案与资源: structured emergency plans whose activation turns a level's measures into operation tasks (through the
 * operations module's createOperationTasks), and emergency resources with requests. The seed plan and resources of
 * data/operations/ are registered at start.
 */
export async function registerEmergencyPlanModule(app: TypedApp, p: Platform, operations: OperationDeps): Promise<PlanDeps> {
  await registerSeedPlans(p.runner, p.log);
  const deps: PlanDeps = { operations };
  registerPlanRoutes(app, p, deps);
  registerResourceRoutes(app, p);
  return deps;
}
