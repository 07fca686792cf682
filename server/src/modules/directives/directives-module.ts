import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerDirectiveRoutes } from './directives-routes.js';
import type { DirectiveDeps } from './directives-service.js';
import { registerReceiptRoutes } from './receipts-routes.js';

/**
 * 政令一键智达: directives and their receipts. Receipts are closed-loop work items (kind 'receipt'), so the
 * deadline sweep the case module schedules (closed-loop.sweep) warns and escalates them too.
 */
export function registerDirectiveModule(app: TypedApp, p: Platform): DirectiveDeps {
  const deps: DirectiveDeps = { loop: p.loop, calendar: p.calendar };
  registerDirectiveRoutes(app, p, deps);
  registerReceiptRoutes(app, p, deps);
  return deps;
}
