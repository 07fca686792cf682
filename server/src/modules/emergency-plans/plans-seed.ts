import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import type { TransactionRunner } from '../../platform/db/unit-of-work.js';
import { unitsByCode } from '../operations/operations-repository.js';
import { readDataFiles } from '../operations/templates.js';
import { planCodeExists } from './plans-repository.js';
import { PlanFile } from './plans-schemas.js';
import { createPlan } from './plans-service.js';
import { RESOURCE_TYPE_CATEGORY, RESOURCE_TYPES } from './resource-types.js';
import { insertResources } from './resources-repository.js';

const ResourceFile = z.strictObject({
  dataKind: z.literal('resources'),
  note: z.string().optional(),
  ownerUnit: z.string(),
  resources: z.array(z.strictObject({
    code: z.string(), name: z.string(), type: z.enum(RESOURCE_TYPES), quantity: z.number().int().positive(), zoneCode: z.string().optional(),
    locationName: z.string().optional(), lng: z.number(), lat: z.number(),
  })),
});

/**
 * The seed plans and resources of data/operations/ (the New Year's Eve crowd-crush plan, resources at the five zones),
 * registered at start when missing — a plan or resource already there (perhaps edited) is left alone. Skipped until
 * the unit tree is loaded.
 */
export async function registerSeedPlans(runner: TransactionRunner, log: Logger): Promise<void> {
  const plans = readDataFiles('emergency-plan').map(({ file, data }) => {
    const parsed = PlanFile.safeParse(data);
    if (!parsed.success) throw new Error(`data/operations/${file}: ${parsed.error.message}`);
    return parsed.data;
  });
  const resources = readDataFiles('resources').map(({ file, data }) => {
    const parsed = ResourceFile.safeParse(data);
    if (!parsed.success) throw new Error(`data/operations/${file}: ${parsed.error.message}`);
    return parsed.data;
  });
  await runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    const owners = await unitsByCode(uow.tx, [...plans.map((p) => p.ownerUnit), ...resources.map((r) => r.ownerUnit)]);
    for (const plan of plans) {
      const owner = owners.get(plan.ownerUnit);
      if (!owner || await planCodeExists(uow.tx, plan.code)) continue;
      const { dataKind: _kind, note: _note, ...input } = plan;
      if (await createPlan(uow, input, { code: owner.code, path: owner.path })) log.info({ code: plan.code }, 'emergency plan registered');
    }
    for (const file of resources) {
      const owner = owners.get(file.ownerUnit);
      if (!owner) continue;
      const made = await insertResources(uow.tx, file.resources.map((r) => ({
        id: randomUUID(), code: r.code, name: r.name, type: r.type, category: RESOURCE_TYPE_CATEGORY[r.type], quantity: r.quantity,
        ownerUnit: owner.code, ownerPath: owner.path, zoneCode: r.zoneCode ?? null, locationName: r.locationName ?? null, lng: r.lng, lat: r.lat, note: null,
      })));
      if (made.length) {
        uow.audit({ action: 'resource.seed', targetType: 'resource', targetId: null, unitPath: owner.path, detail: { codes: made } });
        log.info({ resources: made.length }, 'emergency resources registered');
      }
    }
  });
}
