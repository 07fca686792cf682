import { Segmented, Tag } from 'antd';
import { useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { CaseCard } from '../common/CaseCard';
import { when } from '../common/format';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { useLiveRefresh } from '../common/use-live-refresh';
import { usePaged } from '../common/use-paged';

type History = GetResponse<'/api/grid-worker/history'>;
type Kind = 'all' | 'reported' | 'checked';

const ACTION_COLOR: Record<string, string> = { report: 'blue', verify: 'green', rework: 'red' };

/** 历史: the cases I reported and the ones I checked on site, newest first, with where each stands now. */
export function HistoryPage() {
  const t = useT();
  const [kind, setKind] = useState<Kind>('all');
  const page = usePaged<History['items'][number]>((offset, limit) => api.get<History>('/api/grid-worker/history', { kind, offset, limit }), [kind]);
  useLiveRefresh(page.reload);

  return (
    <>
      <PageHeader title={t('history.title')} />
      <div className="m-page">
        <Segmented block size="large" value={kind} onChange={(v) => setKind(v as Kind)} options={[
          { value: 'all', label: t('history.all') }, { value: 'reported', label: t('history.reported') }, { value: 'checked', label: t('history.checked') },
        ]} />
        <ListState page={page} empty={t('history.empty')}>
          {page.items.map((c) => (
            <CaseCard key={c.id} c={c} extra={
              <div className="m-row m-meta" style={{ marginTop: 4 }}>
                {c.myActions.map((a) => <Tag key={a} color={ACTION_COLOR[a]} style={{ marginInlineEnd: 0 }}>{t(`history.my.${a}`)}</Tag>)}
                <span>{when(c.myLastAt)}</span>
              </div>
            } />
          ))}
        </ListState>
      </div>
    </>
  );
}
