import { registerItemUnits } from '../attachments/item-access.js';
import { findHazard } from './hazards-repository.js';
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
  // The unit that inspected a finding and the one that rectified it take part in it wherever it lies: they see its
  // photos and add theirs (an inspector from a department or task force photographs what it found in any street).
  registerItemUnits('hazard', async (ex, id) => {
    const h = await findHazard(ex, id);
    return h ? [h.inspect_path, h.rectify_path].filter((p): p is string => !!p) : [];
  });
  registerChecklistRoutes(app, p);
  registerRoundRoutes(app, p);
  registerHazardRoutes(app, p, deps);
  return deps;
}
