import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/platform/db/database.js';
import { sweepRetention } from '../src/modules/system/retention.js';
import { createTestContext, type TestContext } from './harness.js';

// The retention sweep on the real database: old published events every subscriber has passed, and finished webhook
// deliveries, go; anything newer, unpublished or still wanted stays.
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx?.close());

const db = () => ctx.platform.database.db;
const DAY = 86_400_000;

describe('retention sweep', () => {
  it('deletes old published events the subscribers have passed and old finished deliveries, nothing else', async () => {
    await ctx.platform.relay.flush();
    const old = new Date(Date.now() - 400 * DAY);
    // Three old events: published and passed; published but ahead of a subscriber's cursor; never published.
    const [a] = await queryRows<{ id: number }>(db(), sql`INSERT INTO events (type, unit_path, payload, created_at, seq, published_at)
      VALUES ('test.old', '/500103/', '{}', ${old}, nextval('event_seq'), ${old}) RETURNING id`);
    const [ahead] = await queryRows<{ id: number; seq: number }>(db(), sql`INSERT INTO events (type, unit_path, payload, created_at, seq, published_at)
      VALUES ('test.ahead', '/500103/', '{}', ${old}, nextval('event_seq') + 1000000, ${old}) RETURNING id, seq`);
    const [unpublished] = await queryRows<{ id: number }>(db(), sql`INSERT INTO events (type, unit_path, payload, created_at)
      VALUES ('test.unpublished', '/500103/', '{}', ${old}) RETURNING id`);
    // The module subscribers take both published ones; a subscriber of the test's stays just short of the second.
    await ctx.platform.subscribers.drainAll();
    await db().execute(sql`INSERT INTO subscriber_cursors (name, last_seq) VALUES ('test-retention', ${Number(ahead!.seq) - 1})`);
    // A switched-off subscription, so the delivery loop leaves its rows alone during the test.
    const [sub] = await queryRows<{ id: string }>(db(), sql`INSERT INTO webhook_subscriptions (id, name, url, secret, format, unit_code, active)
      VALUES (gen_random_uuid(), 'retention', 'http://127.0.0.1:9/x', 's', 'json', '500103', false) RETURNING id`);
    const deliveries = (await queryRows<{ id: number }>(db(), sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_seq, event_type, state, created_at)
      VALUES (${sub!.id}, 1, 1, 'case.create', 'delivered', ${old}), (${sub!.id}, 2, 2, 'case.create', 'pending', ${old}), (${sub!.id}, 3, 3, 'case.create', 'failed', now())
      RETURNING id`)).map((r) => Number(r.id));
    try {
      const pruned = await sweepRetention(ctx.platform, db());
      expect(pruned.events).toBeGreaterThanOrEqual(1);
      const left = (await queryRows<{ id: number }>(db(), sql`SELECT id FROM events WHERE id = ANY(${`{${[a!.id, ahead!.id, unpublished!.id].join(',')}}`}::bigint[])`)).map((r) => Number(r.id));
      expect(left.sort()).toEqual([Number(ahead!.id), Number(unpublished!.id)].sort());
      // Recent events are untouched.
      expect(Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM events WHERE created_at > now() - interval '1 day'`))[0]!.n)).toBeGreaterThan(0);
      expect(pruned.deliveries).toBe(1);
      const kept = (await queryRows<{ id: number }>(db(), sql`SELECT id FROM webhook_deliveries WHERE subscription_id = ${sub!.id} ORDER BY id`)).map((r) => Number(r.id));
      expect(kept).toEqual(deliveries.slice(1));
    } finally {
      await db().execute(sql`DELETE FROM subscriber_cursors WHERE name = 'test-retention'`);
      await db().execute(sql`DELETE FROM events WHERE id = ANY(${`{${[ahead!.id, unpublished!.id].join(',')}}`}::bigint[])`);
      await db().execute(sql`DELETE FROM webhook_subscriptions WHERE id = ${sub!.id}`);
    }
  });

  it('runs hourly as a recurring timer', async () => {
    const rows = await queryRows(db(), sql`SELECT 1 FROM timers WHERE dedupe_key = 'recurring:retention.sweep'`);
    expect(rows).toHaveLength(1);
  });
});
