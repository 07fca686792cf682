import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { CaseListRow } from '../cases/cases-repository.js';
import type { LedgerExtraRow } from './case-ledger-repository.js';

export type LedgerRow = Omit<CaseListRow, 'total'> & { extra: LedgerExtraRow | undefined };

interface LedgerColumn {
  key: 'ref' | 'category' | 'state' | 'channel' | 'street' | 'grid' | 'owner' | 'warn' | 'deadline' | 'supervised'
    | 'reportedAt' | 'address' | 'description';
  width: number;
  date?: true;
}

const COLUMNS: readonly LedgerColumn[] = [
  { key: 'ref', width: 20 }, { key: 'category', width: 16 }, { key: 'state', width: 10 }, { key: 'channel', width: 14 },
  { key: 'street', width: 14 }, { key: 'grid', width: 22 }, { key: 'owner', width: 22 }, { key: 'warn', width: 8 },
  { key: 'deadline', width: 18, date: true }, { key: 'supervised', width: 8 }, { key: 'reportedAt', width: 18, date: true },
  { key: 'address', width: 30 }, { key: 'description', width: 60 },
];

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const BEIJING_MS = 8 * 3_600_000;

// Excel has no time zones: a cell holds wall-clock time, and the ledger is read in Beijing.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + BEIJING_MS) : null);

function cells(r: LedgerRow, locale: Locale): Record<LedgerColumn['key'], unknown> {
  return {
    ref: r.ref,
    category: r.category_name,
    state: t(locale, `caseStates.${r.state}`),
    channel: t(locale, `caseLedger.channels.${r.channel}`),
    street: r.extra?.street_name ?? r.street_code,
    grid: r.extra?.grid_name ?? r.grid_code,
    owner: r.owner_name,
    warn: t(locale, `caseLedger.warn.${r.warn_level}`),
    deadline: beijing(r.deadline_at),
    supervised: t(locale, r.supervised ? 'caseLedger.yes' : 'caseLedger.no'),
    reportedAt: beijing(r.reported_at),
    address: r.extra?.address ?? null,
    description: r.extra?.description ?? null,
  };
}

/**
 * Streams the ledger as one worksheet into `out`, page by page, so a large export never sits in memory:
 * bold filled header, frozen under the header, an auto-filter over all columns.
 */
export async function writeLedger(out: Writable, locale: Locale, pages: AsyncIterable<LedgerRow[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'caseLedger.sheetName'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: t(locale, `caseLedger.columns.${c.key}`), key: c.key, width: c.width,
    ...(c.date ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  const header = ws.getRow(1);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle' };
  });
  header.commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      ws.addRow(cells(r, locale)).commit();
      count++;
    }
  }
  ws.commit();
  await wb.commit();
  return count;
}
