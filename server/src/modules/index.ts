import type { TypedApp } from '../app.js';
import type { Platform } from '../platform/platform.js';
import { registerAuditRoutes } from './audit/audit-routes.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { registerCaseModule } from './cases/cases-module.js';
import { registerCategoryRoutes } from './categories/categories-routes.js';
import { registerSystemRoutes } from './system/system-routes.js';
import { registerUnitRoutes } from './units/units-routes.js';
import { registerUserRoutes } from './users/users-routes.js';
import { registerWebRoutes } from './system/web-routes.js';

/** Every domain module registers its routes here; a module is a folder with routes, service, repository. */
export async function registerModules(app: TypedApp, p: Platform): Promise<void> {
  registerSystemRoutes(app, p);
  registerAuthRoutes(app, p);
  registerUserRoutes(app, p);
  registerUnitRoutes(app, p);
  registerAuditRoutes(app, p);
  registerCategoryRoutes(app, p);
  await registerCaseModule(app, p);
  await registerWebRoutes(app);
}
