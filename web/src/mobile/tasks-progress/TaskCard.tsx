import { RightOutlined } from '@ant-design/icons';
import { Card, Progress, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { when } from '../common/format';
import { milestoneStatus, STATUS_DOT, STATUS_TAG } from './milestone-status';
import './tasks-progress.css';

export type TaskItem = GetResponse<'/api/tasks'>['items'][number];

/** One task of mine: its list, then each milestone with its date and standing; an open milestone opens its report form. */
export function TaskCard({ task }: { task: TaskItem }) {
  const t = useT();
  const nav = useNavigate();
  return (
    <Card className="m-card" size="small" data-testid="task-card" style={{ cursor: 'default' }}>
      <div className="m-card-title">
        <strong>{task.title}</strong>
        <Tag color={task.state === 'open' ? 'processing' : task.state === 'completed' ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`tasksProgress.taskState.${task.state}`)}
        </Tag>
      </div>
      <div className="m-meta">{t('tasksProgress.from', { list: task.list.title })}</div>
      <div className="m-row m-meta">
        <span>{task.ownerUnitName}</span><span>{t('tasksProgress.responsible', { name: task.responsible.name })}</span>
        {task.supervised && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('tasksProgress.supervised')}</Tag>}
      </div>
      <div className="m-milestones">
        {task.milestones.map((m) => {
          const status = milestoneStatus(m);
          const open = m.state === 'open' && task.canReport;
          return (
            <button key={m.id} type="button" className="m-milestone" data-testid="milestone-row" data-status={status} disabled={m.state === 'cancelled'}
              onClick={() => nav(`/progress/${m.id}`)}>
              <span className="m-milestone-dot" style={{ background: STATUS_DOT[status] }} />
              <span className="m-milestone-body">
                <span className="m-milestone-name">{m.seq}. {m.name}</span>
                <span className="m-meta">
                  {m.doneAt ? t('tasksProgress.doneAt', { at: when(m.doneAt) }) : t('tasksProgress.due', { at: when(m.dueAt) })}
                  {' · '}<Tag color={STATUS_TAG[status]} style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px' }}>{t(`tasksProgress.status.${status}`)}</Tag>
                </span>
                {m.state === 'open' && <Progress percent={m.progress} size="small" style={{ margin: 0 }} />}
              </span>
              {open && <RightOutlined className="m-milestone-go" />}
            </button>
          );
        })}
      </div>
    </Card>
  );
}
