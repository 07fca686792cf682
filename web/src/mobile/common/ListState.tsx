import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../shared/i18n';
import type { Paged } from './use-paged';

/** Loading, error, empty and "load more" around a paged list of cards. */
export function ListState<T>({ page, empty, children }: { page: Paged<T>; empty: string; children: ReactNode }) {
  const t = useT();
  if (page.error && page.items.length === 0) {
    return <Alert type="error" showIcon message={page.error.message} action={<Button size="small" onClick={page.reload}>{t('common.retry')}</Button>} />;
  }
  if (page.loading && page.items.length === 0) return <div style={{ textAlign: 'center', padding: 32 }}><Spin /></div>;
  if (page.items.length === 0) return <Empty description={empty} style={{ padding: '32px 0' }} />;
  return (
    <>
      {children}
      <div className="m-load-more">
        {page.hasMore
          ? <Button block size="large" loading={page.loading} onClick={page.more}>{t('list.more')}</Button>
          : <span className="m-meta">{t('list.end', { n: page.total })}</span>}
      </div>
    </>
  );
}
