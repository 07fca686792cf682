import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// 莲花池社区第1网格 (解放碑街道), and a point in 七星岗街道.
const JFB = { lng: 106.576478, lat: 29.561311 };
const QXG = { lng: 106.566478, lat: 29.549284 };
const ZH_HEADER = ['案件编号', '类别', '状态', '来源渠道', '街道', '网格', '当前处置单位', '预警', '时限', '督办', '上报时间', '地址', '描述'];
const TEMPLATE_HEADER = ['工单编号', '类别编码', '描述', '经度', '纬度', '地址', '来电人', '来电号码'];

async function report(point: { lng: number; lat: number }, description: string, user = 'district_op') {
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/cases', headers: await ctx.as(user),
    payload: { categoryCode: 'E0101', description, ...point, address: '测试地址' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; ref: string; streetCode: string };
}

async function workbookOf(payload: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ExcelJS.Buffer);
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

async function sheet(rows: unknown[][], header = TEMPLATE_HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(body: Buffer | string, contentType: string, user = 'jfb_op', extra: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST', url: '/api/cases/import', headers: { ...await ctx.as(user), 'content-type': contentType, ...extra }, payload: body,
  });
}

describe('case ledger export', () => {
  let jfb: { ref: string };
  let qxg: { ref: string; streetCode: string };
  beforeAll(async () => {
    jfb = await report(JFB, '解放碑台账导出测试');
    qxg = await report(QXG, '七星岗台账导出测试');
    expect(qxg.streetCode).toBe('500103001');
  });

  it('exports only the cases in the street operator\'s scope, with a styled Chinese header', async () => {
    const res = await ctx.app.inject({ url: '/api/cases/export.xlsx', headers: await ctx.as('jfb_op') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="case-ledger-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`案件台账-${day}.xlsx`)}`);
    const ws = (await workbookOf(res.rawPayload)).worksheets[0]!;
    expect(rowValues(ws, 1)).toEqual(ZH_HEADER);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const refs: string[] = [];
    const streets = new Set<unknown>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      refs.push(String(row.getCell(1).value));
      streets.add(row.getCell(5).value);
    });
    expect(refs).toContain(jfb.ref);
    expect(refs).not.toContain(qxg.ref);
    expect([...streets]).toEqual(['解放碑街道']);
    expect(Number(res.headers['x-total-count'])).toBe(refs.length);
    const mine = refs.indexOf(jfb.ref) + 2;
    expect(ws.getRow(mine).getCell(3).value).toBe('上报');
    expect(ws.getRow(mine).getCell(13).value).toBe('解放碑台账导出测试');
    expect(ws.getRow(mine).getCell(11).value).toBeInstanceOf(Date);
  });

  it('applies the list filters, and speaks English with x-locale: en', async () => {
    const res = await ctx.app.inject({
      url: `/api/cases/export.xlsx?state=reported&q=${jfb.ref}`, headers: { ...await ctx.as('district_op'), 'x-locale': 'en' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''case-ledger-");
    const ws = (await workbookOf(res.rawPayload)).worksheets[0]!;
    expect(rowValues(ws, 1)).toEqual(['Case no.', 'Category', 'State', 'Channel', 'Street', 'Grid', 'Current unit', 'Alert',
      'Time limit', 'Supervised', 'Reported at', 'Address', 'Description']);
    expect(ws.rowCount).toBe(2);
    expect(rowValues(ws, 2).slice(0, 3)).toEqual([jfb.ref, expect.any(String), 'Reported']);
  });

  it('refuses unknown filters like the list does', async () => {
    const res = await ctx.app.inject({ url: '/api/cases/export.xlsx?limit=10', headers: await ctx.as('jfb_op') });
    expect(res.statusCode).toBe(400);
  });
});

describe('hotline case import', () => {
  it('keeps the good rows and reports each bad row by its number', async () => {
    const body = await sheet([
      ['IMP-001', 'E0101', '导入第一行', JFB.lng, JFB.lat, '民族路 1 号', '张先生', '13800000001'],
      ['IMP-002', 'E0101', '导入第二行', JFB.lng, JFB.lat, null, null, null],
      ['IMP-003', 'E9999', '类别不存在', JFB.lng, JFB.lat, null, null, null],
      ['IMP-004', 'E0101', '在辖区外', 116.397, 39.909, null, null, null],
      ['IMP-005', 'E0101', null, JFB.lng, JFB.lat, null, null, null],
      [null, 'E0101', '没有工单编号也可以', String(JFB.lng), String(JFB.lat), null, null, null],
      ['IMP-001', 'E0101', '重复的工单', JFB.lng, JFB.lat, null, null, null],
    ]);
    const res = await upload(body, XLSX);
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as { total: number; created: Array<{ row: number; id: string; ref: string }>; errors: Array<{ row: number; field?: string; message: string }> };
    expect(out.total).toBe(7);
    expect(out.created.map((c) => c.row)).toEqual([2, 3, 7]);
    for (const c of out.created) expect(c.ref).toMatch(/^AJ\d{14}$/);
    expect(out.errors.map((e) => [e.row, e.field])).toEqual([[4, 'categoryCode'], [5, undefined], [6, 'description'], [8, 'externalId']]);
    expect(out.errors[0]!.message).toBe('类别编码：E9999 不存在或已停用');
    expect(out.errors[1]!.message).toContain('不在渝中区辖区内');
    expect(out.errors[2]!.message).toBe('描述：必填');
    expect(out.errors[3]!.message).toContain('IMP-001');

    const detail = await ctx.app.inject({ url: `/api/cases/${out.created[0]!.id}?unmask=true`, headers: await ctx.as('admin') });
    expect(detail.json()).toMatchObject({ channel: 'hotline', state: 'reported', description: '导入第一行', reporterName: '张先生', reporterPhone: '13800000001', streetCode: '500103003' });
  });

  it('localises row messages in English', async () => {
    const res = await upload(await sheet([['EN-1', 'X1', '描述', 'abc', JFB.lat]]), XLSX, 'jfb_op', { 'x-locale': 'en' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().errors).toEqual([
      { row: 2, field: 'categoryCode', message: 'Category code: must be a letter and 4 digits, e.g. E0101' },
      { row: 2, field: 'lng', message: 'Longitude: must be a number' },
    ]);
  });

  it('imports a UTF-8 CSV with a byte-order mark', async () => {
    const csv = '\uFEFF工单编号,类别编码,描述,经度,纬度,地址,来电人,来电号码\r\n'
      + `CSV-001,E0101,"井盖缺失, 行人易绊倒",${JFB.lng},${JFB.lat},民权路,李女士,013900000000\r\n`
      + '\r\n'
      + `CSV-002,E0101,,${JFB.lng},${JFB.lat},,,\r\n`;
    const res = await upload(csv, 'text/csv; charset=utf-8');
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.total).toBe(2);
    expect(out.created).toHaveLength(1);
    expect(out.created[0].row).toBe(2);
    expect(out.errors).toEqual([{ row: 4, field: 'description', message: '描述：必填' }]);
    const detail = await ctx.app.inject({ url: `/api/cases/${out.created[0].id}?unmask=true`, headers: await ctx.as('admin') });
    expect(detail.json()).toMatchObject({ description: '井盖缺失, 行人易绊倒', reporterPhone: '013900000000' });
  });

  it('answers a file it cannot read with 400, a wrong type with 415, and too many rows with 400', async () => {
    const broken = await upload('this is not a spreadsheet', XLSX);
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.fields[0]).toMatchObject({ field: 'body', code: 'malformedXlsx' });
    expect(broken.json().error.fields[0].message).toContain('.xlsx');

    const noHeader = await upload(await sheet([['x']], ['工单编号', '描述']), XLSX);
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.fields[0].message).toBe('表头缺少必需的列：类别编码、经度、纬度（请使用导入模板）');

    const empty = await upload('', XLSX);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0]).toMatchObject({ field: 'body', code: 'empty', message: '上传的文件为空' });
    expect((await upload(JSON.stringify({ rows: [] }), 'application/json')).statusCode).toBe(415);
    expect((await upload('a,b', 'text/plain')).statusCode).toBe(415);

    const many = `类别编码,描述,经度,纬度\n${`E0101,太多行,${JFB.lng},${JFB.lat}\n`.repeat(5001)}`;
    const tooMany = await upload(many, 'text/csv');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields[0]).toMatchObject({ code: 'tooManyRows' });
  });

  it('is for the case desk only', async () => {
    const res = await upload(await sheet([]), XLSX, 'grid_lhc01');
    expect(res.statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/api/cases/import-template.xlsx', headers: await ctx.as('cgj_handler') })).statusCode).toBe(403);
  });

  it('serves a template with an example row that imports as it stands, and the category codes', async () => {
    const res = await ctx.app.inject({ url: '/api/cases/import-template.xlsx', headers: await ctx.as('district_op') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('导入模板.xlsx'));
    const wb = await workbookOf(res.rawPayload);
    const [template, codes] = wb.worksheets;
    expect(rowValues(template!, 1)).toEqual(TEMPLATE_HEADER);
    expect(template!.rowCount).toBe(2);
    expect(rowValues(codes!, 1)).toEqual(['类别编码', '类别名称', '事件/部件', '大类']);
    const listed: unknown[] = [];
    codes!.eachRow((row) => listed.push(row.getCell(1).value));
    expect(listed).toContain('E0101');

    const round = await upload(res.rawPayload, XLSX, 'district_op');
    expect(round.statusCode, round.body).toBe(200);
    expect(round.json()).toMatchObject({ total: 1, errors: [] });
    expect(round.json().created).toHaveLength(1);
  });
});

describe('case ledger in the API document', () => {
  it('documents the three routes with their media types', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/cases/import'].post.requestBody?.content ?? {})).toEqual([XLSX, 'text/csv']);
    expect(doc.paths['/api/cases/import'].post.requestBody.content[XLSX].schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(doc.paths['/api/cases/export.xlsx'].get.parameters.map((p: { name: string }) => p.name)).toContain('state');
    expect(doc.paths['/api/cases/import-template.xlsx'].get).toBeTruthy();
  });
});
