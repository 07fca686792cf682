import { ReloadOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { usePaged } from '../common/use-paged';
import { TaskCard, type TaskItem } from './TaskCard';
import { useTaskRefresh } from './use-task-refresh';

type View = 'open' | 'all';

/** 节点: the tasks my unit is responsible for, soonest milestone first, each milestone a tap away from its report form. */
export function ProgressPage() {
  const t = useT();
  const [view, setView] = useState<View>('open');
  const page = usePaged<TaskItem>((offset, limit) => api.get<GetResponse<'/api/tasks'>>('/api/tasks',
    { mine: 'true', state: view === 'open' ? 'open' : undefined, offset, limit }), [view], 10);
  useTaskRefresh(page.reload);
  return (
    <>
      <PageHeader title={t('tasksProgress.title')} extra={
        <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} loading={page.loading && page.items.length > 0} onClick={page.reload} />
      } />
      <div className="m-page">
        <Segmented block size="large" value={view} onChange={(v) => setView(v as View)}
          options={[{ value: 'open', label: t('tasksProgress.open') }, { value: 'all', label: t('tasksProgress.all') }]} />
        <ListState page={page} empty={view === 'open' ? t('tasksProgress.emptyOpen') : t('tasksProgress.empty')}>
          {page.items.map((task) => <TaskCard key={task.id} task={task} />)}
        </ListState>
      </div>
    </>
  );
}
