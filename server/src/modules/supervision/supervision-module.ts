import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { registerSupervisionRoutes } from './supervision-routes.js';

/**
 * 监督一览无余: a read-only view over every kind of closed-loop work item. It owns no items: the deadline sweep
 * marks them, and each kind's own route takes the supervision order.
 */
export function registerSupervisionModule(app: TypedApp, p: Platform): void {
  registerSupervisionRoutes(app, p);
}
