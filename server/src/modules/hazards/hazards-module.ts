import { readableHazard } from './hazards-service.js';
import { registerItemReader } from '../attachments/item-access.js';
import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerChecklistRoutes } from './checklists-routes.js';
import { registerHazardRoutes } from './hazards-routes.js';
import type { HazardDeps } from './hazards-service.js';
import { registerRoundRoutes } from './rounds-routes.js';

/**
 * 隐患排查治理: sector checklists, inspection rounds with a task per target unit, and findings whose rectification
 * is a closed-loop work item (kind 'hazard'), so the deadline sweep the case module schedules warns and escalates them.
 */
export function registerHazardModule(app: TypedApp, p: Platform): HazardDeps {
  const deps: HazardDeps = { loop: p.loop, calendar: p.calendar, locator: p.locator };
  // Whoever reads a finding (also the units that inspected or rectified it, after it moved on) sees its photos.
  registerItemReader('hazard', (ex, actor, id) => readableHazard(ex, actor, id).then(() => true, () => false));
  registerChecklistRoutes(app, p);
  registerRoundRoutes(app, p);
  registerHazardRoutes(app, p, deps);
  return deps;
}
