import { Drawer, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { dateTime, StateTag } from '../lib/format';

type Counted = GetResponse<'/api/evaluation/cases'>;
export interface Figure { unit: string; unitName: string; indicator: string; indicatorName: string; from: string; to: string }

const PAGE = 20;

/** The cases one figure counted (its denominator), marked when they counted in the numerator. */
export function CountedCasesDrawer({ figure, onClose }: { figure: Figure | null; onClose(): void }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Counted | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { setPage(1); setData(null); }, [figure]);
  useEffect(() => {
    if (!figure) return;
    let live = true;
    setLoading(true);
    api.get<Counted>('/api/evaluation/cases', { unit: figure.unit, indicator: figure.indicator, from: figure.from, to: figure.to, limit: PAGE, offset: (page - 1) * PAGE })
      .then((r) => { if (live) { setData(r); setError(null); } }, (e: ApiError) => { if (live) setError(e.message); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [figure, page]);

  return (
    <Drawer
      open={!!figure} onClose={onClose} size={760}
      title={figure ? t('evaluation.countedTitle', { unit: figure.unitName, indicator: figure.indicatorName }) : ''}
    >
      {figure && <Typography.Paragraph type="secondary">{t('evaluation.countedHint', { from: figure.from, to: figure.to })}</Typography.Paragraph>}
      <Table
        size="small" bordered rowKey="id" loading={loading} dataSource={data?.items ?? []}
        locale={{ emptyText: error ?? t('common.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }), size: 'small', showSizeChanger: false }}
        columns={[
          { title: t('inbox.col.ref'), dataIndex: 'ref', width: 150, render: (ref: string, r) => <Link to={`/cases/${r.id}`}>{ref}</Link> },
          { title: t('inbox.col.title'), dataIndex: 'title', ellipsis: true },
          { title: t('inbox.col.state'), dataIndex: 'state', width: 86, render: (s: string) => <StateTag state={s} t={t} /> },
          { title: t('evaluation.counted'), dataIndex: 'inNumerator', width: 110, render: (v: boolean, r) => <Tag color={v ? 'green' : 'default'}>{v ? t('evaluation.inNumerator') : t('evaluation.notInNumerator')} {r.numerator !== 1 && r.numerator !== 0 ? r.numerator : ''}</Tag> },
          { title: t('inbox.col.reportedAt'), dataIndex: 'reportedAt', width: 136, render: (d: string) => dateTime(d) },
        ]}
      />
    </Drawer>
  );
}
