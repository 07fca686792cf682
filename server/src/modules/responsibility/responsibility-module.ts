import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerListRoutes } from './lists-routes.js';
import type { ResponsibilityDeps } from './lists-service.js';
import { registerTaskRoutes } from './tasks-routes.js';

/**
 * 执行一贯到底: responsibility lists. Tasks and milestones are closed-loop work items (kinds 'task' and
 * 'milestone'), so the deadline sweep the case module schedules warns and escalates milestones too.
 */
export function registerResponsibilityModule(app: TypedApp, p: Platform): ResponsibilityDeps {
  const deps: ResponsibilityDeps = { loop: p.loop };
  registerListRoutes(app, p, deps);
  registerTaskRoutes(app, p, deps);
  return deps;
}
