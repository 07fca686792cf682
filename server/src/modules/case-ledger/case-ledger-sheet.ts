import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { AppError } from '../../platform/errors/app-error.js';
import { LOCALES, t, type Locale } from '../../platform/i18n/messages.js';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS, type ImportColumn } from './case-ledger-schemas.js';

/** One data row of an uploaded sheet: its row number as the spreadsheet shows it, and its cells by column. */
export interface SheetRow {
  row: number;
  values: Partial<Record<ImportColumn, string | number>>;
}

export type SheetFormat = 'xlsx' | 'csv';

const fileError = (locale: Locale, key: string, params: Record<string, unknown> = {}) =>
  new AppError('VALIDATION_FAILED', {}, [{ field: 'body', code: key, message: t(locale, `caseLedger.file.${key}`, params) }]);

function missingColumns(locale: Locale, missing: readonly ImportColumn[]): AppError {
  const names = missing.map((c) => t(locale, `caseLedger.importColumns.${c}`));
  return fileError(locale, 'missingColumns', { columns: names.join(locale === 'en' ? ', ' : '、') });
}

/** A cell as trimmed text: formulas give their result, rich text its plain text, blanks nothing. */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return cellText(value.richText.map((p) => p.text).join(''));
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return cellText(value.text);
    if ('error' in value) return String(value.error);
    return undefined;
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

// Header labels in every locale, loosely compared: operators retype headers, add spaces or a `*`.
const looseLabel = (s: string) => s.replace(/[\s*＊]/g, '').toLowerCase();
const LABELS = new Map<string, ImportColumn>(
  LOCALES.flatMap((l) => IMPORT_COLUMNS.map((c) => [looseLabel(t(l, `caseLedger.importColumns.${c}`)), c] as const)),
);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Reads the first worksheet: the first non-blank row names the columns, every later non-blank row is data. */
function rowsOf(ws: ExcelJS.Worksheet, locale: Locale): SheetRow[] {
  let columns = null as Map<number, ImportColumn> | null;
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const texts = new Map<number, string>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = cellText(cell.value);
      if (text !== undefined) texts.set(col, text);
    });
    if (texts.size === 0) return;
    if (!columns) {
      const found = new Map<number, ImportColumn>();
      for (const [col, text] of texts) {
        const key = LABELS.get(looseLabel(text));
        if (key && ![...found.values()].includes(key)) found.set(col, key);
      }
      const missing = REQUIRED_COLUMNS.filter((c) => ![...found.values()].includes(c));
      if (missing.length) throw missingColumns(locale, missing);
      columns = found;
      return;
    }
    const values: SheetRow['values'] = {};
    for (const [col, key] of columns) {
      const text = texts.get(col);
      if (text === undefined) continue;
      values[key] = (key === 'lng' || key === 'lat') && NUMBER.test(text) ? Number(text) : text;
    }
    if (Object.keys(values).length === 0) return;
    rows.push({ row: rowNumber, values });
  });
  if (!columns) throw missingColumns(locale, REQUIRED_COLUMNS);
  if (rows.length > MAX_IMPORT_ROWS) throw fileError(locale, 'tooManyRows', { max: MAX_IMPORT_ROWS, rows: rows.length });
  return rows;
}

// Excel on a Chinese Windows saves "CSV" in GB18030 unless told UTF-8; accept both.
function decodeCsv(body: Buffer): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/** Parses an uploaded .xlsx or .csv into data rows; an unreadable file or a wrong header is a 400. */
export async function readSheet(body: Buffer, format: SheetFormat, locale: Locale): Promise<SheetRow[]> {
  if (body.length === 0) throw fileError(locale, 'empty');
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  if (format === 'xlsx') {
    try {
      await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
    } catch {
      throw fileError(locale, 'malformedXlsx');
    }
    ws = wb.worksheets[0];
  } else {
    try {
      // Cells stay text: the reader's own mapping would turn phone numbers and ticket ids into numbers.
      ws = await wb.csv.read(Readable.from([decodeCsv(body)]), { map: (v: string) => (v === '' ? null : v) });
    } catch (err) {
      throw fileError(locale, 'malformedCsv', { reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!ws) throw fileError(locale, 'noSheet');
  return rowsOf(ws, locale);
}
