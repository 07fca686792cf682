import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import type { TypedApp } from '../../app.js';
import { homeUnitPath, scopeOf } from '../../platform/access/actor.js';
import { attachment, beijingDay } from '../../platform/http/download.js';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { t } from '../../platform/i18n/messages.js';
import type { Platform } from '../../platform/platform.js';
import { listCategories } from '../categories/categories-repository.js';
import type { CaseDeps } from '../cases/cases-service.js';
import { writeLedger } from './case-ledger-export.js';
import {
  CSV_TYPE, ExportQuery, IMPORT_BODY_LIMIT, ImportBody, ImportResult, TemplateQuery, XLSX_TYPE,
} from './case-ledger-schemas.js';
import { importCases, ledgerPages } from './case-ledger-service.js';
import { readSheet } from './case-ledger-sheet.js';
import { buildImportTemplate } from './case-ledger-template.js';

/**
 * 案件台账 in Excel: export any case list, and import hotline (12345) cases from a sheet. Registered in its
 * own plugin scope so the raw .xlsx/.csv body parsers apply to the import route only.
 */
export async function registerCaseLedgerRoutes(app: TypedApp, p: Platform, deps: CaseDeps): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases 事件'];
    const db = p.database.db;

    scope.get('/api/cases/export.xlsx', {
      config: { permission: 'case:read' },
      schema: {
        tags, summary: '导出案件台账 Export the case ledger to .xlsx (the list\'s filters and scope, up to 50,000 rows)',
        querystring: ExportQuery, produces: [XLSX_TYPE],
      },
    }, async (req, reply) => {
      const q = req.query;
      const scopePaths = scopeOf(req.actor, 'case:read');
      const ledger = await ledgerPages(p, {
        scopePaths, ownerPaths: q.mine === 'true' ? scopePaths : undefined, states: q.state?.split(','),
        category: q.category, street: q.street, warn: q.warn, q: q.q,
      });
      await p.runner.recordAudit({ actor: req.actor, ip: req.ip }, {
        action: 'case.export', targetType: 'case', unitPath: homeUnitPath(req.actor.grants),
        detail: { filters: q, rows: ledger.rows, total: ledger.total },
      });
      const day = beijingDay(new Date());
      const out = new PassThrough();
      writeLedger(out, req.locale, ledger.pages).catch((err: unknown) => {
        req.log.error({ err }, 'case ledger export failed mid-stream');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(`${t(req.locale, 'caseLedger.fileName')}-${day}.xlsx`, `case-ledger-${day}.xlsx`))
        .header('x-total-count', String(ledger.total))
        .send(out);
    });

    scope.get('/api/cases/import-template.xlsx', {
      config: { permission: 'case:import' },
      schema: { tags, summary: '导入模板 The .xlsx template for importing hotline cases, with the category codes', querystring: TemplateQuery, produces: [XLSX_TYPE] },
    }, async (req, reply) => {
      const file = await buildImportTemplate(req.locale, await listCategories(db, { active: true }));
      const name = `${t(req.locale, 'caseLedger.templateSheet')}.xlsx`;
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, 'case-import-template.xlsx')).send(file);
    });

    // Only the two sheet types reach the import; anything else is a 415 from Fastify before the handler.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([XLSX_TYPE, CSV_TYPE], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post('/api/cases/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { permission: 'case:import' },
      schema: {
        tags, summary: '批量导入 Import 12345 hotline cases from an .xlsx or .csv body (row errors reported, good rows kept)',
        body: ImportBody, consumes: [XLSX_TYPE, CSV_TYPE],
        response: { 200: ImportResult, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
      },
    }, async (req) => {
      const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = mediaType === CSV_TYPE ? 'csv' : 'xlsx';
      const rows = await readSheet(req.body, format, req.locale);
      return importCases(p, deps, { actor: req.actor, ip: req.ip }, req.locale, rows, format);
    });
  });
}
