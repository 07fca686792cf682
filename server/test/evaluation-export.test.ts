import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('evaluation ranking export', () => {
  it('gives the ranking of a level as .xlsx with the indicators in the user\'s language', async () => {
    const url = '/api/evaluation/rankings.xlsx?level=street&from=2024-01-01&to=2024-02-01';
    const res = await ctx.app.inject({ method: 'GET', url, headers: await ctx.as('district_op') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('evaluation-street-2024-01-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['名次', '单位', '综合得分', '结案率（%）', '平均处置时长（h）']));
    const json = await ctx.app.inject({ method: 'GET', url: url.replace('.xlsx', ''), headers: await ctx.as('district_op') });
    expect(ws.rowCount - 2).toBe(json.json().items.length);
  });

  it('validates the period and needs evaluation:read', async () => {
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/evaluation/rankings.xlsx?level=street&from=2024-02-01&to=2024-01-01', headers: await ctx.as('district_op') });
    expect(bad.statusCode).toBe(400);
    const handler = await ctx.app.inject({ method: 'GET', url: '/api/evaluation/rankings.xlsx?level=street&from=2024-01-01&to=2024-02-01', headers: await ctx.as('cgj_handler') });
    expect(handler.statusCode).toBe(403);
  });
});
