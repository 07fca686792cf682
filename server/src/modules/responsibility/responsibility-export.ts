import ExcelJS from 'exceljs';
import { t, type Locale } from '../../platform/i18n/messages.js';
import { maskPhone } from '../../platform/privacy/masking.js';
import type { ListCountsRow, ListRow } from './lists-repository.js';
import type { MilestoneRow, TaskRow } from './tasks-repository.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const FILLS: Record<string, ExcelJS.Fill> = {
  red: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE1E0' } },
  yellow: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF6D6' } },
};
// Excel has no time zones: cells hold Beijing wall-clock time.
const beijing = (d: Date | string | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);
const yesNo = (locale: Locale, b: boolean | null) => (b === null ? null : t(locale, b ? 'caseLedger.yes' : 'caseLedger.no'));

type Column = { key: string; width: number; date?: boolean };

function sheet(wb: ExcelJS.Workbook, locale: Locale, name: string, title: string, columns: Column[], prefix: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width, ...(c.date ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}) }));
  ws.addRow([title]).font = { bold: true, size: 13 };
  const header = ws.addRow(columns.map((c) => t(locale, `${prefix}.${c.key}`)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  return ws;
}

const TASK_COLUMNS: Column[] = [
  { key: 'seq', width: 6 }, { key: 'task', width: 34 }, { key: 'owner', width: 22 }, { key: 'responsible', width: 12 },
  { key: 'phone', width: 15 }, { key: 'taskState', width: 10 }, { key: 'milestone', width: 30 }, { key: 'dueAt', width: 17, date: true },
  { key: 'state', width: 10 }, { key: 'warn', width: 8 }, { key: 'progress', width: 8 }, { key: 'doneAt', width: 17, date: true },
  { key: 'doneLate', width: 9 }, { key: 'lastReport', width: 50 },
];

/** 责任单 as a ledger: one row per milestone, its task's columns repeated, overdue rows red and warned rows yellow. */
export async function tasksWorkbook(locale: Locale, list: ListRow, tasks: TaskRow[], milestones: Map<string, MilestoneRow[]>, unmask: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const source = `${t(locale, `responsibility.source.${list.source_kind}`)}${list.source_ref ? ` ${list.source_ref}` : ''}`;
  const ws = sheet(wb, locale, t(locale, 'responsibility.export.sheet'), `${list.ref} ${list.title}（${source} · ${list.issuer_unit_name}）`,
    TASK_COLUMNS, 'responsibility.export.columns');
  for (const task of tasks) {
    for (const m of milestones.get(task.id) ?? []) {
      const row = ws.addRow({
        seq: task.seq, task: task.title, owner: task.owner_unit_name, responsible: task.responsible_name,
        phone: unmask ? task.responsible_phone : maskPhone(task.responsible_phone), taskState: t(locale, `responsibility.state.${task.state}`),
        milestone: m.name, dueAt: beijing(m.due_at), state: t(locale, `responsibility.state.${m.state}`),
        warn: m.state === 'open' ? t(locale, `caseLedger.warn.${m.warn_level}`) : null, progress: m.progress / 100, doneAt: beijing(m.done_at),
        doneLate: yesNo(locale, m.done_late), lastReport: m.last_report_text,
      });
      row.getCell('progress').numFmt = '0%';
      const fill = m.state === 'open' ? FILLS[m.warn_level] : undefined;
      if (fill) row.eachCell((cell) => { cell.fill = fill; });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const LIST_COLUMNS: Column[] = [
  { key: 'ref', width: 18 }, { key: 'title', width: 40 }, { key: 'source', width: 30 }, { key: 'issuer', width: 20 },
  { key: 'createdAt', width: 17, date: true }, { key: 'state', width: 9 }, { key: 'tasks', width: 8 }, { key: 'completedTasks', width: 9 },
  { key: 'milestones', width: 8 }, { key: 'completedMilestones', width: 9 }, { key: 'lateMilestones', width: 9 },
  { key: 'warning', width: 8 }, { key: 'overdue', width: 8 }, { key: 'nextDueAt', width: 17, date: true },
];

/** 责任单台账: one row per list with its counts in the viewer's scope. */
export async function listsWorkbook(locale: Locale, rows: Array<ListRow & ListCountsRow>, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const ws = sheet(wb, locale, t(locale, 'responsibility.export.listSheet'), `${t(locale, 'responsibility.export.listTitle')}（${day}）`,
    LIST_COLUMNS, 'responsibility.export.listColumns');
  for (const l of rows) {
    ws.addRow({
      ref: l.ref, title: l.title, source: `${t(locale, `responsibility.source.${l.source_kind}`)} ${l.source_ref}`.trim(), issuer: l.issuer_unit_name,
      createdAt: beijing(l.created_at), state: t(locale, `responsibility.listState.${l.any_open ? 'open' : 'completed'}`),
      tasks: Number(l.tasks), completedTasks: Number(l.completed_tasks), milestones: Number(l.milestones),
      completedMilestones: Number(l.completed_milestones), lateMilestones: Number(l.late_milestones), warning: Number(l.warning),
      overdue: Number(l.overdue), nextDueAt: beijing(l.next_due_at),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
