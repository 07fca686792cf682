import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { WarnedItemRow } from './supervision-repository.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const COLUMNS = [
  { key: 'warn', width: 8 }, { key: 'kind', width: 10 }, { key: 'ref', width: 24 }, { key: 'title', width: 40 },
  { key: 'state', width: 12 }, { key: 'owner', width: 26 }, { key: 'group', width: 20 }, { key: 'deadline', width: 18, date: true },
  { key: 'overdueHours', width: 10 }, { key: 'escalatedTo', width: 14 }, { key: 'supervised', width: 8 }, { key: 'openOrders', width: 8 },
] as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const RED_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFCF1322' }, bold: true };
const YELLOW_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFD48806' }, bold: true };
// Excel has no time zones: cells hold Beijing wall-clock time.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);

/** A label from the catalogue, or the raw value when the catalogue has none (a kind's state added later). */
export function labelOr(locale: Locale, key: string, raw: string): string {
  const s = t(locale, key);
  return s === key ? raw : s;
}

/** 督办台账: the red/yellow list as the board filters it, streamed page by page. */
export async function writeWarnedLedger(out: Writable, locale: Locale, title: string, pages: AsyncIterable<WarnedItemRow[]>, now = new Date()): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'supervision.export.sheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, ...('date' in c ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}) }));
  ws.addRow([title]).commit();
  const header = ws.addRow(COLUMNS.map((c) => t(locale, `supervision.export.columns.${c.key}`)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  header.commit();
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      const overdueMs = r.deadline_at ? now.getTime() - new Date(r.deadline_at).getTime() : 0;
      const row = ws.addRow({
        warn: t(locale, `supervision.levels.${r.warn_level}`), kind: labelOr(locale, `supervision.kinds.${r.kind}`, r.kind), ref: r.ref, title: r.title,
        state: labelOr(locale, `caseStates.${r.state}`, r.state), owner: locale === 'en' ? (r.owner_name_en ?? r.owner_name) : r.owner_name,
        group: r.group_name, deadline: beijing(r.deadline_at), overdueHours: overdueMs > 0 ? Math.round(overdueMs / 360_000) / 10 : null,
        escalatedTo: r.escalated_name ?? r.escalated_to, supervised: t(locale, r.supervised ? 'caseLedger.yes' : 'caseLedger.no'), openOrders: Number(r.open_orders),
      });
      row.getCell('warn').font = r.warn_level === 'red' ? RED_FONT : YELLOW_FONT;
      row.commit();
      count++;
    }
  }
  ws.commit();
  await wb.commit();
  return count;
}
