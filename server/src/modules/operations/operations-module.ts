import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerOperationRoutes } from './operations-routes.js';
import { registerRosterRoutes } from './roster-routes.js';
import { registerTaskRoutes } from './tasks-routes.js';
import type { OperationDeps } from './tasks-service.js';
import { loadTemplates } from './templates.js';

/**
 * 行动: operations from templates (phases, post tree, phased tasks) and their duty roster. Tasks are closed-loop
 * work items (kind 'operation_task'), so the deadline sweep the case module schedules warns and escalates them too.
 * Returns the dependencies other modules pass to createOperationTasks.
 */
export function registerOperationModule(app: TypedApp, p: Platform): OperationDeps {
  const deps: OperationDeps = { loop: p.loop, templates: loadTemplates() };
  registerOperationRoutes(app, p, deps);
  registerTaskRoutes(app, p, deps);
  registerRosterRoutes(app, p);
  return deps;
}
