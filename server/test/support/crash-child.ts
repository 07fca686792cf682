// One side of a crash scenario (see crash-outbox.test.ts): opens the platform on the database named by
// DATA_DIR or DATABASE_URL, does its part, prints a marker and waits for the SIGKILL that ends it.
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { SYSTEM_ACTOR } from '../../src/platform/access/actor.js';
import { queryRows, sql } from '../../src/platform/db/database.js';
import type { Bus } from '../../src/platform/events/bus.js';
import { Relay } from '../../src/platform/events/relay.js';
import { createPlatform, startBackground, type Platform } from '../../src/platform/platform.js';
import { changePopulation, EFFECTS_TABLE } from './crash-scenario.js';

const hang = () => new Promise<never>(() => setInterval(() => {}, 60_000));

async function lastEventId(p: Platform): Promise<number> {
  const [r] = await queryRows<{ id: number }>(p.database.db, sql`SELECT max(id) AS id FROM events`);
  return Number(r!.id);
}

/** Commits a write whose event sits in the outbox, with the relay stopped so it is never published. */
async function commitUnpublished(p: Platform, population: number): Promise<never> {
  await p.relay.stop();
  await p.runner.run({ actor: SYSTEM_ACTOR }, (uow) => changePopulation(uow, population));
  console.log(`COMMITTED ${await lastEventId(p)}`);
  return hang();
}

/**
 * Runs durable subscriber `crash-sub`: event A is handled and committed; then B and C come in one batch
 * and the handler stops for good inside C, after writing the effects of B and C but before commit.
 */
async function hangInHandler(p: Platform, population: number): Promise<never> {
  await p.database.db.execute(EFFECTS_TABLE);
  p.subscribers.register('crash-sub', ['unit'], async (uow, e) => {
    await uow.tx.execute(sql`INSERT INTO crash_effects (sub, event_id, seq) VALUES ('crash-sub', ${e.id}, ${e.seq})`);
    if (e.payload.hang) {
      console.log(`IN_HANDLER ${e.id}`);
      await hang();
    }
  });
  startBackground(p);
  await p.runner.run({ actor: SYSTEM_ACTOR }, (uow) => changePopulation(uow, population));
  const a = await lastEventId(p);
  for (;;) {
    const [r] = await queryRows<{ n: number }>(p.database.db, sql`SELECT count(*)::int AS n FROM crash_effects WHERE event_id = ${a}`);
    if (Number(r!.n) > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`A_DONE ${a}`);
  await p.runner.run({ actor: SYSTEM_ACTOR }, async (uow) => {
    await changePopulation(uow, population + 1);
    await changePopulation(uow, population + 2, { hang: true });
  });
  return hang();
}

/**
 * With a broker bus the relay publishes before it commits the seq numbers: this dies in between, after
 * the broker took the message and before the relay's transaction commits.
 */
async function publishThenHang(p: Platform, population: number): Promise<never> {
  await p.relay.stop();
  const stuck: Bus = Object.assign(Object.create(p.bus) as Bus, {
    async publish(events: Parameters<Bus['publish']>[0]) {
      await p.bus.publish(events);
      if (events.some((e) => e.payload.crash)) {
        console.log(`PUBLISHED ${events.find((e) => e.payload.crash)!.id}`);
        await hang();
      }
    },
  });
  const relay = new Relay(p.database, stuck, p.log, 60_000);
  await p.runner.run({ actor: SYSTEM_ACTOR }, (uow) => changePopulation(uow, population, { crash: true }));
  relay.poke();
  return hang();
}

const [mode, population] = [process.argv[2], Number(process.argv[3] ?? 1)];
const config = loadConfig(process.env);
const platform = await createPlatform(config, { logger: pino({ level: 'silent' }) });
if (mode === 'commit-unpublished') await commitUnpublished(platform, population);
else if (mode === 'hang-in-handler') await hangInHandler(platform, population);
else if (mode === 'publish-then-hang') await publishThenHang(platform, population);
else throw new Error(`unknown mode ${mode}`);
