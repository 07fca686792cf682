import { ReloadOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useState } from 'react';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { ListState } from '../common/ListState';
import { PageHeader } from '../common/PageHeader';
import { usePaged } from '../common/use-paged';
import { ReceiptCard } from './ReceiptCard';
import { OPEN_RECEIPTS } from './receipt-format';
import { useReceiptRefresh } from './use-receipt-refresh';

type ReceiptList = GetResponse<'/api/receipts'>;
type View = 'open' | 'all';

/** 签收: directives addressed to my unit — those to sign or report on first, signed with one tap. */
export function ReceiptsPage() {
  const t = useT();
  const [view, setView] = useState<View>('open');
  const page = usePaged<ReceiptList['items'][number]>((offset, limit) => api.get<ReceiptList>('/api/receipts',
    { mine: 'true', state: view === 'open' ? OPEN_RECEIPTS : undefined, offset, limit }), [view]);
  useReceiptRefresh(page.reload);
  return (
    <>
      <PageHeader title={t('receipts.title')} extra={
        <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} loading={page.loading && page.items.length > 0} onClick={page.reload} />
      } />
      <div className="m-page">
        <Segmented block size="large" value={view} onChange={(v) => setView(v as View)}
          options={[{ value: 'open', label: t('receipts.open') }, { value: 'all', label: t('receipts.all') }]} />
        <ListState page={page} empty={view === 'open' ? t('receipts.emptyOpen') : t('receipts.empty')}>
          {page.items.map((r) => <ReceiptCard key={r.id} r={r} onChanged={page.reload} />)}
        </ListState>
      </div>
    </>
  );
}
