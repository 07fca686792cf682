import type { TypedApp } from '../app.js';
import type { Platform } from '../platform/platform.js';
import { registerAttachmentModule } from './attachments/attachments-module.js';
import { registerAuditRoutes } from './audit/audit-routes.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { registerCaseLedgerRoutes } from './case-ledger/case-ledger-routes.js';
import { registerCaseModule } from './cases/cases-module.js';
import { registerDirectiveModule } from './directives/directives-module.js';
import { registerResponsibilityModule } from './responsibility/responsibility-module.js';
import { registerEvaluationExportRoute } from './evaluation/evaluation-export.js';
import { registerEvaluationRoutes } from './evaluation/evaluation-routes.js';
import { registerGridWorkerRoutes } from './grid-worker/grid-worker-routes.js';
import { registerSavedViewRoutes } from './saved-views/saved-views-routes.js';
import { registerScreenRoutes } from './screen/screen-routes.js';
import { registerRankingModule } from './rankings/rankings-module.js';
import { registerSupervisionModule } from './supervision/supervision-module.js';
import { registerOpen311Routes } from './open311/open311-routes.js';
import { registerCategoryRoutes } from './categories/categories-routes.js';
import { registerSystemRoutes } from './system/system-routes.js';
import { registerUnitRoutes } from './units/units-routes.js';
import { registerUserRoutes } from './users/users-routes.js';
import { registerWebhookModule } from './webhooks/webhooks-module.js';
import { registerWebRoutes } from './system/web-routes.js';

/** Every domain module registers its routes here; a module is a folder with routes, service, repository. */
export async function registerModules(app: TypedApp, p: Platform): Promise<void> {
  registerSystemRoutes(app, p);
  registerAuthRoutes(app, p);
  registerUserRoutes(app, p);
  registerUnitRoutes(app, p);
  registerAuditRoutes(app, p);
  registerCategoryRoutes(app, p);
  const caseDeps = await registerCaseModule(app, p);
  registerOpen311Routes(app, p, caseDeps);
  await registerCaseLedgerRoutes(app, p, caseDeps);
  await registerAttachmentModule(app, p, caseDeps);
  registerEvaluationRoutes(app, p);
  registerScreenRoutes(app, p);
  registerEvaluationExportRoute(app, p);
  registerSavedViewRoutes(app, p);
  registerGridWorkerRoutes(app, p);
  registerDirectiveModule(app, p);
  registerSupervisionModule(app, p);
  await registerRankingModule(app, p);
  registerResponsibilityModule(app, p);
  await registerWebhookModule(app, p);
  await registerWebRoutes(app);
}
