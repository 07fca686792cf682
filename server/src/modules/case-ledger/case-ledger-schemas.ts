import { z } from 'zod';
import { CaseListQuery } from '../cases/cases-schemas.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

export const MAX_EXPORT_ROWS = 50_000;
export const MAX_IMPORT_ROWS = 5_000;
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

/** The ledger export takes the list's filters; it pages through the list itself. */
export const ExportQuery = CaseListQuery.omit({ limit: true, offset: true });

/** The import takes the file itself as the body (the .xlsx or .csv bytes), nothing in the query string. */
export const ImportBody = z.custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: 'The sheet: the first worksheet of an .xlsx, or a UTF-8 (or GB18030) .csv' });
export const TemplateQuery = z.strictObject({});

export const ImportResult = z.object({
  total: z.number().describe('Data rows in the file (blank rows are skipped)'),
  created: z.array(z.object({ row: z.number(), id: z.string(), ref: z.string() })),
  errors: z.array(z.object({
    row: z.number().describe('Row number as the spreadsheet shows it (the header is row 1)'),
    field: z.string().optional(),
    message: z.string(),
  })),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Template columns, in template order; the header may name them in Chinese or English. */
export const IMPORT_COLUMNS = [
  'externalId', 'categoryCode', 'description', 'lng', 'lat', 'address', 'reporterName', 'reporterPhone',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['categoryCode', 'description', 'lng', 'lat'];

// Messages that are i18n keys are translated per request (see row-issues in case-ledger-import.ts).
const coordinate = (min: number, max: number) => z.number({ error: 'caseLedger.rowErrors.notNumber' }).min(min).max(max);

/** One sheet row, cells already trimmed, blank cells absent, coordinates parsed when numeric. */
export const ImportRow = z.object({
  externalId: z.string().max(80).optional(),
  categoryCode: z.string().regex(/^[EC]\d{4}$/, { error: 'caseLedger.rowErrors.categoryFormat' }),
  description: z.string().min(2).max(2000),
  lng: coordinate(-180, 180),
  lat: coordinate(-90, 90),
  address: z.string().max(200).optional(),
  reporterName: z.string().max(64).optional(),
  reporterPhone: z.string().regex(/^[0-9+\- ]{5,20}$/, { error: 'caseLedger.rowErrors.phoneFormat' }).optional(),
});
export type ImportRow = z.infer<typeof ImportRow>;
