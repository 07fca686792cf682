import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { HazardRow } from './hazards-repository.js';
import { named } from './views.js';

// The ledger's columns follow the record DOMAIN §5 asks for: who, where, what, how graded, the five in place, the
// re-inspection and the close-out, with the supervision level.
const COLUMNS = [
  { key: 'ref', width: 18 }, { key: 'sector', width: 10 }, { key: 'grade', width: 8 }, { key: 'state', width: 10 }, { key: 'warn', width: 8 },
  { key: 'checklist', width: 36 }, { key: 'subject', width: 24 }, { key: 'creditCode', width: 20 }, { key: 'street', width: 12 },
  { key: 'grid', width: 20 }, { key: 'address', width: 24 }, { key: 'lngLat', width: 20 }, { key: 'description', width: 40 },
  { key: 'basis', width: 30 }, { key: 'source', width: 10 }, { key: 'inspectUnit', width: 20 }, { key: 'finder', width: 12 },
  { key: 'foundAt', width: 17, date: true }, { key: 'rectifyUnit', width: 20 }, { key: 'responsible', width: 12 }, { key: 'phone', width: 14 },
  { key: 'measures', width: 36 }, { key: 'funding', width: 12 }, { key: 'interim', width: 30 }, { key: 'contingency', width: 30 },
  { key: 'deadline', width: 17, date: true }, { key: 'rectifiedAt', width: 17, date: true }, { key: 'reinspector', width: 12 },
  { key: 'reinspectResult', width: 10 }, { key: 'reinspectedAt', width: 17, date: true }, { key: 'closedOutAt', width: 17, date: true },
  { key: 'supervision', width: 12 },
] as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const MAJOR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFC00000' }, bold: true };
// Excel has no time zones: cells hold Beijing wall-clock time.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);

/** 隐患台账: one row per finding, newest first, streamed page by page. */
export async function writeHazardLedger(out: Writable, locale: Locale, pages: AsyncIterable<HazardRow[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'hazards.export.sheet'), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, ...('date' in c ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}) }));
  const header = ws.addRow(COLUMNS.map((c) => t(locale, `hazards.export.columns.${c.key}`)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  header.commit();
  let count = 0;
  for await (const page of pages) {
    for (const h of page) {
      const row = ws.addRow({
        ref: h.ref, sector: locale === 'en' ? h.sector_name_en : h.sector_name, grade: t(locale, `hazards.grades.${h.grade}`),
        state: t(locale, `hazards.states.${h.state}`), warn: t(locale, `caseLedger.warn.${h.warn_level}`),
        checklist: locale === 'en' ? h.checklist_title_en ?? h.checklist_title : h.checklist_title, subject: h.subject_name, creditCode: h.credit_code,
        street: named(locale, h.street_name, h.street_name_en), grid: named(locale, h.grid_name, h.grid_name_en), address: h.address, lngLat: `${Number(h.lng).toFixed(6)}, ${Number(h.lat).toFixed(6)}`,
        description: h.description, basis: h.legal_basis, source: t(locale, `hazards.sources.${h.source}`), inspectUnit: named(locale, h.inspect_unit_name, h.inspect_unit_name_en),
        finder: h.finder_name, foundAt: beijing(h.found_at), rectifyUnit: named(locale, h.rectify_unit_name, h.rectify_unit_name_en), responsible: h.responsible_person,
        phone: h.responsible_phone, measures: h.measures, funding: h.funding === null ? null : Number(h.funding), interim: h.interim_measures,
        contingency: h.contingency_plan, deadline: beijing(h.rectify_deadline), rectifiedAt: beijing(h.rectified_at), reinspector: h.reinspector_name,
        reinspectResult: h.reinspect_result ? t(locale, `hazards.reinspectResults.${h.reinspect_result}`) : null, reinspectedAt: beijing(h.reinspected_at),
        closedOutAt: beijing(h.closed_out_at), supervision: h.supervision_level ? t(locale, `hazards.supervisionLevels.${h.supervision_level}`) : null,
      });
      if (h.grade === 'major') row.getCell('grade').font = MAJOR_FONT;
      row.commit();
      count++;
    }
  }
  ws.commit();
  await wb.commit();
  return count;
}
