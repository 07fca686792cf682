import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { DirectiveRow } from './directives-repository.js';
import type { ReceiptRow } from './receipts-repository.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const COLUMNS = [
  { key: 'ref', width: 22 }, { key: 'unit', width: 26 }, { key: 'unitCode', width: 16 }, { key: 'state', width: 12 },
  { key: 'warn', width: 8 }, { key: 'deadline', width: 18, date: true }, { key: 'signedVersion', width: 8 },
  { key: 'signedAt', width: 18, date: true }, { key: 'signLate', width: 8 }, { key: 'forwardedAt', width: 18, date: true },
  { key: 'reportedAt', width: 18, date: true }, { key: 'reportLate', width: 8 }, { key: 'reportText', width: 60 },
] as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
// Excel has no time zones: cells hold Beijing wall-clock time.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);
const yesNo = (locale: Locale, b: boolean | null) => (b === null ? null : t(locale, b ? 'caseLedger.yes' : 'caseLedger.no'));

/** 签收台账: one row per receipt in unit order, streamed page by page (a 10,000-unit directive never sits in memory). */
export async function writeReceiptLedger(out: Writable, locale: Locale, d: DirectiveRow, pages: AsyncIterable<ReceiptRow[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'directives.export.sheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, ...('date' in c ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}) }));
  ws.addRow([`${d.ref} ${d.title}（${t(locale, 'directives.export.version', { version: d.version })}）`]).commit();
  const header = ws.addRow(COLUMNS.map((c) => t(locale, `directives.export.columns.${c.key}`)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  header.commit();
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      ws.addRow({
        ref: r.ref, unit: r.unit_name, unitCode: r.unit_code, state: t(locale, `caseStates.${r.state}`),
        warn: t(locale, `caseLedger.warn.${r.warn_level}`), deadline: beijing(r.deadline_at), signedVersion: r.signed_version,
        signedAt: beijing(r.signed_at), signLate: yesNo(locale, r.sign_late), forwardedAt: beijing(r.forwarded_at),
        reportedAt: beijing(r.reported_at), reportLate: yesNo(locale, r.report_late), reportText: r.report_text,
      }).commit();
      count++;
    }
  }
  ws.commit();
  await wb.commit();
  return count;
}
