import type { TypedApp } from '../../app.js';
import type { Platform } from '../../platform/platform.js';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import { AppError } from '../../platform/errors/app-error.js';
import { TIERS } from '../crowd/bands.js';
import { gatesOf, listZones } from '../crowd/zones-repository.js';
import type { OperationDeps } from '../operations/tasks-service.js';
import { defaultPlaybook } from './default-playbooks.js';
import { insertMissingPlaybooks } from './playbooks-repository.js';
import { registerPlaybookRoutes } from './playbooks-routes.js';
import { runPlaybook, type PlaybookDeps } from './playbooks-service.js';

export const PLAYBOOK_SUBSCRIBER = 'playbooks';

/**
 * 处置措施: per key zone and tier, measures that become operation tasks for the zone's posts — by themselves when an
 * alert of that tier is raised (a durable subscriber on the crowd topic: each alert once, even across a crash), or
 * with one click (POST /api/crowd/alerts/:id/playbook). Zones without playbooks get the defaults at start.
 */
export async function registerPlaybookModule(app: TypedApp, p: Platform, operations: OperationDeps): Promise<void> {
  const deps: PlaybookDeps = { operations };
  await p.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    const zones = await listZones(uow.tx, ['/']);
    const gates = await gatesOf(uow.tx, zones.map((z) => z.code));
    await insertMissingPlaybooks(uow.tx, zones.flatMap((z) => TIERS.map((tier) => ({
      zone: z.code, tier, ...defaultPlaybook(tier, gates.filter((g) => g.zone_code === z.code)),
    }))));
  });
  p.subscribers.registerBatch(PLAYBOOK_SUBSCRIBER, ['crowd'], async (uow, events) => {
    for (const e of events) {
      const payload = e.payload as { action?: string; alert?: { id: string } };
      if (e.type !== 'crowd.alert' || payload.action !== 'raised' || !payload.alert) continue;
      try {
        await runPlaybook(uow, deps, payload.alert.id, true);
      } catch (err) {
        // A playbook that cannot run (edited into something the operation cannot take) must not stop the others.
        if (!(err instanceof AppError)) throw err;
        p.log.warn({ err, alert: payload.alert.id }, 'playbooks: automatic run refused');
      }
    }
  });
  registerPlaybookRoutes(app, p, deps);
}
