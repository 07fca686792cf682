import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { t, type Locale } from '../../platform/i18n/messages.js';
import type { OperationRow } from './operations-repository.js';
import type { Roster } from './roster-service.js';
import type { TaskRow } from './tasks-repository.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const RED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCCC7' } };
const DATE = { numFmt: 'yyyy-mm-dd hh:mm' };
// Excel has no time zones: cells hold Beijing wall-clock time.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);

function header(ws: ExcelJS.Worksheet, labels: string[]): ExcelJS.Row {
  const row = ws.addRow(labels);
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  return row;
}

const TASK_COLUMNS = [
  { key: 'ref', width: 18 }, { key: 'phase', width: 8 }, { key: 'sector', width: 10 }, { key: 'title', width: 48 }, { key: 'post', width: 22 },
  { key: 'state', width: 8 }, { key: 'warn', width: 8 }, { key: 'deadline', width: 17, date: true }, { key: 'closedAt', width: 17, date: true },
  { key: 'late', width: 6 }, { key: 'source', width: 8 }, { key: 'result', width: 40 },
] as const;

/** 任务台账: the operation's tasks in phase order, page by page. */
export async function writeTaskLedger(out: Writable, locale: Locale, op: OperationRow, pages: AsyncIterable<TaskRow[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'operations.export.tasksSheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = TASK_COLUMNS.map((c) => ({ key: c.key, width: c.width, ...('date' in c ? { style: DATE } : {}) }));
  ws.addRow([`${op.ref} ${op.name}`]).commit();
  header(ws, TASK_COLUMNS.map((c) => t(locale, `operations.export.taskColumns.${c.key}`))).commit();
  let count = 0;
  for await (const page of pages) {
    for (const r of page) {
      const row = ws.addRow({
        ref: r.ref, phase: r.phase ? t(locale, `operations.phase.${r.phase}`) : '—', sector: t(locale, `operations.sector.${r.sector ?? 'general'}`),
        title: r.title, post: r.post_name ?? r.owner_name, state: t(locale, `operations.taskState.${r.state}`), warn: t(locale, `operations.warn.${r.warn_level}`),
        deadline: beijing(r.deadline_at), closedAt: beijing(r.closed_at), late: r.done_late === null ? null : t(locale, r.done_late ? 'operations.yes' : 'operations.no'),
        source: t(locale, `operations.source.${r.source_kind}`), result: r.result_note ?? r.cancel_reason,
      });
      if (r.warn_level === 'red' && !r.closed_at) row.getCell('warn').fill = RED_FILL;
      row.commit();
      count++;
    }
  }
  ws.commit();
  await wb.commit();
  return count;
}

/** 值班表: one row per shift (status as of now), then the uncovered stretches of the during phase, in red. */
export async function writeRoster(out: Writable, locale: Locale, op: OperationRow, roster: Roster): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t(locale, 'operations.export.rosterSheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = [
    { key: 'post', width: 24 }, { key: 'person', width: 12 }, { key: 'phone', width: 14 }, { key: 'start', width: 17, style: DATE },
    { key: 'end', width: 17, style: DATE }, { key: 'status', width: 10 }, { key: 'checkedIn', width: 17, style: DATE },
    { key: 'checkedOut', width: 17, style: DATE }, { key: 'by', width: 14 },
  ];
  ws.addRow([`${op.ref} ${op.name}`]).commit();
  header(ws, ['post', 'person', 'phone', 'start', 'end', 'status', 'checkedIn', 'checkedOut', 'by'].map((k) => t(locale, `operations.export.rosterColumns.${k}`))).commit();
  for (const { post, shifts, gaps } of roster.posts) {
    for (const s of shifts) {
      const row = ws.addRow({
        post: post.name, person: s.personName, phone: s.personPhone, start: beijing(s.startsAt), end: beijing(s.endsAt),
        status: t(locale, `operations.shiftStatus.${s.status}`) + (s.late ? ` (${t(locale, 'operations.late')})` : ''),
        checkedIn: beijing(s.checkedInAt), checkedOut: beijing(s.checkedOutAt), by: s.checkedInByName,
      });
      if (s.status === 'absent') row.getCell('status').fill = RED_FILL;
      row.commit();
    }
    for (const g of gaps) {
      const row = ws.addRow({ post: post.name, person: t(locale, 'operations.gap'), start: beijing(g.startsAt), end: beijing(g.endsAt), status: t(locale, 'operations.gapMinutes', { n: g.minutes }) });
      row.eachCell((cell) => { cell.fill = RED_FILL; });
      row.commit();
    }
  }
  ws.commit();
  await wb.commit();
}
