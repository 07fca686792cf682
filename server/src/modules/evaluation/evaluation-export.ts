import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { TypedApp } from '../../app.js';
import { attachment } from '../../platform/http/download.js';
import { UnitCode } from '../../platform/http/schemas.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { INDICATOR_DEFS, INDICATORS, LEVELS, type Level } from './evaluation-indicators.js';
import { ranking, type RankingRow } from './evaluation-service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Day = z.iso.date();
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** The ranking as the evaluation page shows it: one row per unit, figures as numbers (percent or hours). */
export async function rankingWorkbook(locale: Locale, level: Level, from: string, to: string, rows: RankingRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${t(locale, 'evaluation.export.sheet')}-${t(locale, `evaluation.export.levels.${level}`)}`);
  const unitOf = (i: (typeof INDICATORS)[number]) => (INDICATOR_DEFS[i].kind === 'hours' ? 'h' : '%');
  const header = [
    t(locale, 'evaluation.export.rank'), t(locale, 'evaluation.export.code'), t(locale, 'evaluation.export.unit'),
    t(locale, 'evaluation.export.reported'), t(locale, 'evaluation.export.composite'),
    ...INDICATORS.map((i) => `${t(locale, `evaluation.indicators.${i}`)}（${unitOf(i)}）`),
  ];
  ws.addRow([t(locale, 'evaluation.export.period', { from, to })]);
  ws.mergeCells(1, 1, 1, header.length);
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.eachCell((c) => { c.fill = HEADER_FILL; });
  for (const r of rows) {
    ws.addRow([
      r.rank, r.code, locale === 'en' ? (r.nameEn ?? r.name) : r.name, r.reported, r.composite,
      ...INDICATORS.map((i) => r.indicators[i].value),
    ]);
  }
  ws.columns.forEach((col, n) => { col.width = n === 2 ? 28 : n === 1 ? 16 : 14; });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function registerEvaluationExportRoute(app: TypedApp, p: Platform): void {
  app.get('/api/evaluation/rankings.xlsx', {
    config: { permission: 'evaluation:read' },
    schema: {
      tags: ['evaluation 综合评价'], summary: '导出评价排名 The ranking of one level as .xlsx (same query and scope as /api/evaluation/rankings)',
      querystring: z.strictObject({ level: z.enum(LEVELS), from: Day, to: Day, street: UnitCode.optional() }),
      produces: [XLSX_TYPE],
    },
  }, async (req, reply) => {
    const { level, from, to, street } = req.query;
    const { rows } = await ranking(p.database.db, req.actor, level, { from, to, street });
    const file = await rankingWorkbook(req.actor.locale, level, from, to, rows);
    const name = `${t(req.actor.locale, 'evaluation.export.fileName')}-${t(req.actor.locale, `evaluation.export.levels.${level}`)}-${from}.xlsx`;
    return reply.header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(name, `evaluation-${level}-${from}.xlsx`))
      .send(file);
  });
}
