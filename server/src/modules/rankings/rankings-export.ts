import ExcelJS from 'exceljs';
import { t, type Locale } from '../../platform/i18n/messages.js';
import { RANKING_INDICATORS, RANKING_LEVELS, type Figure } from './rankings-indicators.js';
import type { RowRecord, RunRow } from './rankings-repository.js';
import { display } from './rankings-views.js';
import { isoWeekLabel } from './weekly.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** The period as people say it: "2024-W02（2024-01-08 ~ 2024-01-14）". */
export function periodText(run: RunRow): string {
  const last = new Date(Date.parse(`${run.period_to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const label = isoWeekLabel(run.period_from, run.period_to);
  return `${label ? `${label}（` : ''}${run.period_from} ~ ${last}${label ? '）' : ''}`;
}

/** 晾晒表: one sheet per level, a row per unit with its score, rank and every figure as value and n/d. */
export async function rankingWorkbook(locale: Locale, run: RunRow, rows: RowRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const level of RANKING_LEVELS) {
    const ws = wb.addWorksheet(t(locale, `rankings.levels.${level}`));
    const header = [
      t(locale, 'rankings.export.rank'), t(locale, 'rankings.export.code'), t(locale, 'rankings.export.unit'), t(locale, 'rankings.export.score'),
      ...RANKING_INDICATORS.flatMap((i) => [
        `${t(locale, `rankings.indicators.${i}`)}（${t(locale, 'rankings.export.weight', { w: run.weights[i] })}）`, t(locale, 'rankings.export.fraction'),
      ]),
    ];
    ws.addRow([`${t(locale, 'rankings.export.title')} ${periodText(run)}`]);
    ws.mergeCells(1, 1, 1, header.length);
    ws.getRow(1).font = { bold: true, size: 13 };
    const head = ws.addRow(header);
    head.font = { bold: true };
    head.eachCell((c) => { c.fill = HEADER_FILL; });
    for (const r of rows.filter((x) => x.level === level)) {
      ws.addRow([
        r.rank ?? '—', r.unit_code, locale === 'en' ? (r.unit_name_en ?? r.unit_name) : r.unit_name, r.score ?? '—',
        ...RANKING_INDICATORS.flatMap((i) => {
          const f = r.figures[i] as Figure;
          const fraction = i === 'case_score' ? t(locale, 'rankings.export.cases', { n: f.items }) : `${f.numerator}/${f.denominator}`;
          return [f.value === null ? display(i, null) : f.value, f.value === null && f.items === 0 ? '' : fraction];
        }),
      ]);
    }
    ws.columns.forEach((col, n) => { col.width = n === 2 ? 28 : n < 2 ? 12 : 14; });
    ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 3 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
