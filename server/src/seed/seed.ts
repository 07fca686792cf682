import type { Config } from '../config.js';
import { SYSTEM_ACTOR } from '../platform/access/actor.js';
import { sql, queryRows, type Database } from '../platform/db/database.js';
import { TransactionRunner } from '../platform/db/unit-of-work.js';
import { loadYuzhong } from '../platform/geo/index.js';
import { seedCategories } from '../modules/categories/categories-seed.js';
import { createUser } from '../modules/users/users-service.js';
import { findUserByUsername } from '../modules/users/users-repository.js';
import { DEMO_USERS } from './demo-users.js';
import { seedUnits } from './seed-units.js';
import { sealAllAudit } from '../platform/audit/audit-sealer.js';

export interface SeedResult {
  units: number;
  usersCreated: string[];
}

/** Loads the Yuzhong unit tree and (outside production) the demo users. Idempotent. */
export async function seed(database: Database, config: Pick<Config, 'adminPassword' | 'demoPassword' | 'seedDemoUsers'>): Promise<SeedResult> {
  const data = await loadYuzhong();
  const runner = new TransactionRunner(database, null);
  const units = await runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    const n = await seedUnits(uow.tx, data);
    uow.audit({ action: 'seed.units', targetType: 'unit', targetId: '500103', unitPath: '/500103/', detail: { units: n } });
    return n;
  });
  await syncReferenceData(database);
  const usersCreated: string[] = [];
  const wanted = config.seedDemoUsers ? DEMO_USERS : DEMO_USERS.filter((u) => u.username === 'admin');
  for (const u of wanted) {
    if (await findUserByUsername(database.db, u.username)) continue;
    await runner.run({ actor: SYSTEM_ACTOR }, (uow) => createUser(uow, {
      username: u.username, displayName: u.displayName, phone: u.phone ?? null,
      password: u.username === 'admin' ? config.adminPassword : config.demoPassword,
      grants: [{ role: u.role, unitCode: u.unitCode }],
    }));
    usersCreated.push(u.username);
  }
  await sealAllAudit(database);
  return { units, usersCreated };
}

/**
 * Code tables added by later releases (new categories) reach existing installations at every start;
 * rows an administrator changed are kept.
 */
export async function syncReferenceData(database: Database): Promise<void> {
  const runner = new TransactionRunner(database, null);
  await runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    const r = await seedCategories(uow.tx);
    if (r.inserted > 0) {
      uow.audit({ action: 'seed.categories', targetType: 'category', targetId: null, unitPath: '/500103/', detail: r });
    }
  });
  await sealAllAudit(database);
}

export async function isSeeded(database: Database): Promise<boolean> {
  const [r] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM units`);
  return Number(r?.n ?? 0) > 0;
}
