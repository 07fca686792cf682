import { ReloadOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { CaseCard } from '../common/CaseCard';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { useLiveRefresh } from '../common/use-live-refresh';
import { usePaged } from '../common/use-paged';
import { useSetTaskCount } from './use-task-count';

type CaseList = GetResponse<'/api/cases'>;
type View = 'mine' | 'grid';

// Cases still moving in the worker's grid (to keep an eye on), as opposed to the ones waiting for them.
const OPEN_STATES = 'reported,registered,dispatched,accepted,handled,verified,parked';

/** 任务: the cases my grid must act on now (handled cases waiting for my on-site check), and the grid's open cases. */
export function TasksPage() {
  const t = useT();
  const [view, setView] = useState<View>('mine');
  const page = usePaged<CaseList['items'][number]>((offset, limit) => api.get<CaseList>('/api/cases',
    view === 'mine' ? { mine: 'true', offset, limit } : { state: OPEN_STATES, offset, limit }), [view]);
  useLiveRefresh(page.reload);
  const setTaskCount = useSetTaskCount();
  useEffect(() => { if (view === 'mine' && !page.loading && !page.error) setTaskCount(page.total); }, [view, page.loading, page.error, page.total, setTaskCount]);

  return (
    <>
      <PageHeader title={t('tasks.title')} extra={
        <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} loading={page.loading && page.items.length > 0} onClick={page.reload} />
      } />
      <div className="m-page">
        <Segmented block size="large" value={view} onChange={(v) => setView(v as View)}
          options={[{ value: 'mine', label: t('tasks.mine') }, { value: 'grid', label: t('tasks.grid') }]} />
        <ListState page={page} empty={view === 'mine' ? t('tasks.emptyMine') : t('tasks.emptyGrid')}>
          {page.items.map((c) => <CaseCard key={c.id} c={c} />)}
        </ListState>
      </div>
    </>
  );
}
