import { Button, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useT } from '../../shared/i18n';
import { Deadline } from '../lib/format';
import { day, milestoneStatus, StatusTag, TaskStateTag, type MilestoneView, type TaskView } from './format';

export type TableAction =
  | { kind: 'progress' | 'reschedule' | 'superviseMilestone' | 'history'; task: TaskView; m: MilestoneView }
  | { kind: 'cancel' | 'superviseTask'; task: TaskView };

interface Row { key: string; task: TaskView; m: MilestoneView; span: number }

/**
 * 任务清单与时间表: one row per milestone, the task's columns merged over its milestones (as in the Excel
 * ledger), overdue rows red and warned rows yellow; the buttons are the ones the viewer may use.
 */
export function TasksTable({ tasks, canManage, now, onAction }: {
  tasks: TaskView[]; canManage: boolean; now: number; onAction(a: TableAction): void;
}) {
  const t = useT();
  const rows: Row[] = tasks.flatMap((task) => task.milestones.map((m, i) => ({ key: m.id, task, m, span: i === 0 ? task.milestones.length : 0 })));
  const merged = (r: Row) => ({ rowSpan: r.span });
  const link = (label: string, a: TableAction, testId?: string) => (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} data-testid={testId} onClick={() => onAction(a)}>{label}</Button>
  );

  const columns: ColumnsType<Row> = [
    { title: t('responsibility.col.seq'), width: 46, align: 'center', onCell: merged, render: (_: unknown, r) => r.task.seq },
    {
      title: t('responsibility.col.task'), width: 220, onCell: merged,
      render: (_: unknown, { task }) => (
        <div>
          <Space size={4} wrap>
            <Typography.Text strong>{task.title}</Typography.Text>
            {task.state !== 'open' && <TaskStateTag state={task.state} t={t} />}
            {task.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('responsibility.supervised')}</Tag>}
          </Space>
          {task.description && <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 0' }} ellipsis={{ rows: 2, tooltip: task.description }}>{task.description}</Typography.Paragraph>}
          {task.cancelReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('responsibility.detail.cancelReason', { reason: task.cancelReason })}</Typography.Text>}
          {task.state === 'open' && (task.canSupervise || canManage) && (
            <Space size={10} style={{ marginTop: 2 }}>
              {task.canSupervise && link(t('responsibility.action.supervise'), { kind: 'superviseTask', task })}
              {canManage && link(t('responsibility.action.cancel'), { kind: 'cancel', task })}
            </Space>
          )}
        </div>
      ),
    },
    {
      title: t('responsibility.col.owner'), width: 140, onCell: merged,
      render: (_: unknown, { task }) => (
        <div>
          <div>{task.ownerUnitName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{task.responsible.name}{task.responsible.phone ? ` · ${task.responsible.phone}` : ''}</Typography.Text>
        </div>
      ),
    },
    {
      title: t('responsibility.col.milestone'), width: 170,
      render: (_: unknown, { m }) => (
        <Space size={4} wrap>
          <span>{m.seq}. {m.name}</span>
          {m.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('responsibility.supervised')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('responsibility.col.due'), width: 140,
      render: (_: unknown, { m }) => (
        <div>
          <div>{day(m.dueAt)}</div>
          {m.state === 'open'
            ? <Deadline deadlineAt={m.dueAt} warnLevel={m.warnLevel} state="open" t={t} now={now} compact />
            : m.doneAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('responsibility.detail.doneAt')} {day(m.doneAt)}</Typography.Text>}
        </div>
      ),
    },
    { title: t('responsibility.col.state'), width: 92, render: (_: unknown, { m }) => <StatusTag status={milestoneStatus(m, now)} t={t} /> },
    {
      title: t('responsibility.col.progress'), width: 110,
      render: (_: unknown, { m }) => <Progress percent={m.progress} size="small" style={{ margin: 0 }} status={m.state === 'completed' ? 'success' : 'normal'} />,
    },
    {
      title: t('responsibility.col.lastReport'), ellipsis: true,
      render: (_: unknown, { m }) => (m.lastReportText ? <span title={m.lastReportText}>{m.lastReportText}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('responsibility.col.actions'), width: 180, fixed: 'right',
      render: (_: unknown, { task, m }) => (
        <Space size={8} wrap>
          {m.state === 'open' && task.canReport && link(t('responsibility.action.reportShort'), { kind: 'progress', task, m }, 'milestone-report')}
          {m.state === 'open' && canManage && link(t('responsibility.action.rescheduleShort'), { kind: 'reschedule', task, m })}
          {m.state === 'open' && task.canSupervise && link(t('responsibility.action.supervise'), { kind: 'superviseMilestone', task, m })}
          {link(t('responsibility.action.history'), { kind: 'history', task, m })}
        </Space>
      ),
    },
  ];

  return (
    <Table<Row>
      size="small" bordered rowKey="key" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 1200 }} sticky
      locale={{ emptyText: t('responsibility.detail.noTasks') }}
      rowClassName={(r) => {
        const s = milestoneStatus(r.m, now);
        return s === 'overdue' ? 'cy-row-red' : s === 'warning' ? 'cy-row-yellow' : '';
      }}
    />
  );
}
