import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/platform/db/database.js';
import { AGGREGATES } from '../src/modules/evaluation/evaluation-indicators.js';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const P = { lng: 106.576478, lat: 29.561311 };

async function call(user: string, method: 'POST', url: string, payload: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({ method, url, headers: await ctx.as(user), payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

describe('evaluation rollup', () => {
  it('equals a direct scan of the cases after every kind of change, including direct SQL', async () => {
    const paths: Array<Array<[string, string, Record<string, unknown>?]>> = [
      [],
      [['register', 'jfb_op']],
      [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ['send-back', 'cgj_handler', { note: '派错' }], ['dispatch', 'jfb_op', { unitCode: 'D-CGJ' }]],
      [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ['accept', 'cgj_handler'], ['handle', 'cgj_handler'], ['rework', 'grid_lhc01', { note: '未到位' }]],
      [['register', 'jfb_op'], ['dispatch', 'jfb_op'], ['accept', 'cgj_handler'], ['handle', 'cgj_handler'], ['verify', 'grid_lhc01'], ['close', 'jfb_op']],
      [['reject', 'jfb_op', { note: '不属实' }]],
    ];
    for (const steps of paths) {
      const c = await call('grid_lhc01', 'POST', '/api/cases', { categoryCode: 'E0103', description: '汇总一致性', ...P });
      for (const [action, user, body] of steps) await call(user, 'POST', `/api/cases/${c.id}/${action}`, body ?? {});
    }
    const db = ctx.platform.database.db;
    await db.execute(sql`UPDATE cases SET handled_at = dispatched_at + interval '2 hours' WHERE handled_at IS NOT NULL`);
    const names = Object.keys(AGGREGATES);
    const direct = await queryRows<Record<string, number>>(db, sql.raw(`SELECT c.street_code, count(*)::float8 AS reported,
      ${Object.entries(AGGREGATES).map(([n, a]) => `(${a})::float8 AS "${n}"`).join(', ')}
      FROM cases c GROUP BY 1 ORDER BY 1`));
    const rolled = await queryRows<Record<string, number>>(db, sql.raw(`SELECT c.street_code, sum(c.reported)::float8 AS reported,
      ${names.map((n) => `sum(c.${n})::float8 AS "${n}"`).join(', ')}
      FROM case_daily_facts c GROUP BY 1 HAVING sum(c.reported) > 0 ORDER BY 1`));
    const round = (rows: Array<Record<string, number>>) => rows.map((r) => Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v])));
    expect(round(rolled)).toEqual(round(direct));
    expect(direct.length).toBeGreaterThan(0);
  });
});
