import { z } from 'zod';
import { homeUnitPath } from '../../platform/access/actor.js';
import type { RequestMeta } from '../../platform/db/unit-of-work.js';
import { errorBody, toAppError } from '../../platform/http/error-handler.js';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { listCases, type CaseListFilter } from '../cases/cases-repository.js';
import { reportCase, type CaseDeps } from '../cases/cases-service.js';
import type { LedgerRow } from './case-ledger-export.js';
import { ledgerExtras } from './case-ledger-repository.js';
import { ImportRow, MAX_EXPORT_ROWS, type ImportColumn, type ImportResult } from './case-ledger-schemas.js';
import type { SheetFormat, SheetRow } from './case-ledger-sheet.js';

const EXPORT_PAGE = 1_000;

/**
 * The ledger's rows page by page, exactly as the case list filters and scopes them, up to the export cap.
 * The first page is read before anything is sent, so a failure there is still an ordinary error reply.
 */
export async function ledgerPages(p: Platform, filter: Omit<CaseListFilter, 'limit' | 'offset'>) {
  const db = p.database.db;
  const page = async (offset: number) => {
    const { rows, total } = await listCases(db, { ...filter, limit: Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - offset), offset, countCap: MAX_EXPORT_ROWS });
    const extras = await ledgerExtras(db, rows.map((r) => r.id));
    return { total, rows: rows.map((r): LedgerRow => ({ ...r, extra: extras.get(r.id) })) };
  };
  const first = await page(0);
  const rows = Math.min(first.total, MAX_EXPORT_ROWS);
  async function* pages(): AsyncGenerator<LedgerRow[]> {
    yield first.rows;
    for (let offset = first.rows.length; offset < rows; offset += EXPORT_PAGE) {
      const next = await page(offset);
      if (next.rows.length === 0) return;
      yield next.rows;
    }
  }
  return { total: first.total, rows, pages: pages() };
}

const zodMessages = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** Row problems as operators read them: `类别编码：应为 1 个字母加 4 位数字，如 E0101`. */
function rowIssue(locale: Locale, row: number, field: ImportColumn | undefined, message: string): ImportResult['errors'][number] {
  if (!field) return { row, message };
  const column = t(locale, `caseLedger.importColumns.${field}`);
  return { row, field, message: t(locale, 'caseLedger.rowIssue', { column, message }) };
}

function zodIssueMessage(locale: Locale, issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return t(locale, 'fields.required');
  if (issue.message.startsWith('caseLedger.')) return t(locale, issue.message);
  const m = zodMessages[locale](issue as never);
  return (typeof m === 'string' ? m : m?.message) ?? issue.message;
}

/**
 * Imports hotline (12345) cases: each row is validated and reported in its own transaction, so one bad
 * row costs only itself. A repeated ticket id is refused by the (channel, external_id) index.
 */
export async function importCases(
  p: Platform, deps: CaseDeps, meta: RequestMeta, locale: Locale, rows: SheetRow[], format: SheetFormat,
): Promise<ImportResult> {
  const result: ImportResult = { total: rows.length, created: [], errors: [] };
  for (const { row, values } of rows) {
    const parsed = ImportRow.safeParse(values, { reportInput: true });
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as ImportColumn;
        if (seen.has(field)) continue;
        seen.add(field);
        result.errors.push(rowIssue(locale, row, field, zodIssueMessage(locale, issue)));
      }
      continue;
    }
    const input = parsed.data;
    if (!deps.categories.get(input.categoryCode)?.active) {
      result.errors.push(rowIssue(locale, row, 'categoryCode', t(locale, 'caseLedger.rowErrors.unknownCategory', { code: input.categoryCode })));
      continue;
    }
    try {
      const item = await p.runner.runBatch(meta, (batch) => reportCase(batch, deps, { ...input, channel: 'hotline' }));
      result.created.push({ row, id: item.id, ref: item.ref });
    } catch (err) {
      const appError = toAppError(err, 0);
      if (appError.status >= 500) throw err;
      if (appError.code === 'ALREADY_EXISTS') {
        result.errors.push(rowIssue(locale, row, 'externalId', t(locale, 'caseLedger.rowErrors.duplicate', { externalId: input.externalId ?? '' })));
      } else {
        const field = appError.code === 'NOT_FOUND' ? 'categoryCode' : undefined;
        result.errors.push(rowIssue(locale, row, field, errorBody(appError, locale, '').error.message));
      }
    }
  }
  await p.runner.recordAudit(meta, {
    action: 'case.import', targetType: 'case', unitPath: homeUnitPath(meta.actor.grants),
    detail: { format, total: result.total, created: result.created.length, errors: result.errors.length },
  });
  return result;
}
