// The directive list as an .xlsx file, made in the browser: the list's filters, every page of it (the server
// has no list export; the per-directive receipt ledger is GET /api/directives/:id/receipts.xlsx). exceljs is
// loaded only when someone exports, so the console's first load stays small.
import dayjs from 'dayjs';
import { api, type GetResponse } from '../../shared/api';
import type { TFunction } from '../../shared/i18n';
import { liveTotal, percent } from './receipt-format';

type DirectivePage = GetResponse<'/api/directives'>;
const PAGE = 200;
const MAX_ROWS = 5000;

export async function exportDirectiveList(filters: Record<string, string | undefined>, t: TFunction): Promise<void> {
  const rows: DirectivePage['items'] = [];
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = await api.get<DirectivePage>('/api/directives', { ...filters, limit: PAGE, offset });
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) break;
  }
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t('directives.export.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const col = (key: string, width: number) => ({ header: t(`directives.export.col.${key}`), key, width });
  sheet.columns = [
    col('ref', 18), col('title', 40), col('issuer', 18), col('issuedAt', 17), col('state', 8), col('version', 6), col('receipts', 8),
    col('signed', 8), col('signRate', 9), col('reported', 8), col('reportRate', 9), col('warning', 8), col('overdue', 8), col('reportDeadline', 17),
  ];
  for (const d of rows) {
    const c = d.progress;
    const of = liveTotal(c);
    const row = sheet.addRow({
      ref: d.ref, title: d.title, issuer: d.issuerName, issuedAt: dayjs(d.issuedAt).format('YYYY-MM-DD HH:mm'), state: t(`directives.state.${d.state}`),
      version: d.version, receipts: of, signed: c.signed, signRate: `${percent(c.signed, of)}%`,
      reported: d.requires.report ? c.reported : '—', reportRate: d.requires.report ? `${percent(c.reported, of)}%` : '—',
      warning: c.warning, overdue: c.overdue, reportDeadline: d.reportDeadlineAt ? dayjs(d.reportDeadlineAt).format('YYYY-MM-DD HH:mm') : '—',
    });
    if (c.overdue > 0) row.getCell('overdue').font = { color: { argb: 'FFCF1322' }, bold: true };
  }
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  const blob = new Blob([await book.xlsx.writeBuffer()], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${t('directives.export.fileName')}-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
