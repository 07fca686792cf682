import ExcelJS from 'exceljs';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { CategoryRow } from '../categories/categories-tables.js';
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, type ImportColumn } from './case-ledger-schemas.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const WIDTHS: Record<ImportColumn, number> = {
  externalId: 22, categoryCode: 12, description: 40, lng: 12, lat: 12, address: 28, reporterName: 12, reporterPhone: 16,
};
// A point in 解放碑街道 (莲花池社区第1网格), so the example row imports as it stands.
const EXAMPLE_POINT = { lng: 106.576478, lat: 29.561311 };

function styleHeader(ws: ExcelJS.Worksheet): void {
  ws.getRow(1).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The import template: the columns with one example row, and a second sheet listing the category codes. */
export async function buildImportTemplate(locale: Locale, categories: CategoryRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t(locale, 'caseLedger.templateSheet'));
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: t(locale, `caseLedger.importColumns.${c}`), key: c, width: WIDTHS[c] }));
  styleHeader(ws);
  for (const c of REQUIRED_COLUMNS) ws.getRow(1).getCell(c).font = { bold: true, color: { argb: 'FFC00000' } };
  const example = (k: string) => t(locale, `caseLedger.example.${k}`);
  ws.addRow({
    externalId: example('externalId'), categoryCode: 'E0101', description: example('description'), ...EXAMPLE_POINT,
    address: example('address'), reporterName: example('reporterName'), reporterPhone: example('reporterPhone'),
  });
  // Text cells, so Excel keeps leading zeros and long numbers in ids and phone numbers.
  for (const c of ['externalId', 'reporterPhone'] as const) ws.getColumn(c).numFmt = '@';

  const list = wb.addWorksheet(t(locale, 'caseLedger.categorySheet'));
  list.columns = [
    { header: t(locale, 'caseLedger.categoryColumns.code'), key: 'code', width: 12 },
    { header: t(locale, 'caseLedger.categoryColumns.name'), key: 'name', width: 24 },
    { header: t(locale, 'caseLedger.categoryColumns.kind'), key: 'kind', width: 12 },
    { header: t(locale, 'caseLedger.categoryColumns.major'), key: 'major', width: 16 },
  ];
  styleHeader(list);
  for (const c of categories) {
    list.addRow({
      code: c.code, name: locale === 'en' && c.nameEn ? c.nameEn : c.name,
      kind: t(locale, `caseLedger.kinds.${c.kind}`), major: c.majorName,
    });
  }
  list.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 4 } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
