import { Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type ApiError, type GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { KindTag, stateLabel, unitName } from './format';
import { itemLink } from './links';

type Orders = GetResponse<'/api/supervision/orders'>;
type Order = Orders['items'][number];

/** 督办一览: who is supervising what — open orders on open items under the board's unit, newest first. */
export function OrdersTable({ under, kind, reloadKey }: { under: string; kind?: string; reloadKey: number }) {
  const t = useT();
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Orders | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const size = 10;

  useEffect(() => setPage(1), [under, kind]);
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    api.get<Orders>('/api/supervision/orders', { under, kind, limit: size, offset: (page - 1) * size }, ac.signal)
      .then((d) => { setData(d); setError(null); }, (e: ApiError) => { if (e.name !== 'AbortError') setError(e.message); })
      .finally(() => setLoading(false));
    return () => ac.abort();
  }, [under, kind, page, reloadKey]);

  return (
    <Table<Order>
      size="small" bordered rowKey="id" loading={loading} dataSource={data?.items ?? []} scroll={{ x: 900 }}
      locale={{ emptyText: error ?? t('supervision.noOrders') }}
      pagination={{ current: page, pageSize: size, total: data?.total ?? 0, onChange: setPage, size: 'small', showTotal: (n) => t('common.total', { n }) }}
      columns={[
        {
          title: t('supervision.col.issuer'), key: 'issuer', width: 170, render: (_: unknown, o) => (
            <>
              <Tag color={o.level === 'district' ? 'red' : o.level === 'street' ? 'orange' : 'blue'}>{t(`supervision.orderLevel.${o.level}`)}</Tag>
              {unitName(locale, { name: o.issuerName, nameEn: o.issuerNameEn })}
              <br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(o.createdAt)}</Typography.Text>
            </>
          ),
        },
        { title: t('supervision.col.note'), dataIndex: 'note', width: 140, ellipsis: true },
        {
          title: t('supervision.col.orderDeadline'), dataIndex: 'deadlineAt', width: 118,
          render: (d: string | null, o) => (d ? <Typography.Text type={o.overdue ? 'danger' : undefined} strong={o.overdue}>{dateTime(d)}{o.overdue ? <><br />{t('supervision.orderOverdue')}</> : null}</Typography.Text> : '—'),
        },
        {
          title: t('supervision.col.item'), key: 'item', ellipsis: true, render: (_: unknown, o) => {
            const to = itemLink(o.item.kind, o.item.id, o.item.listId);
            const text = `${o.item.ref} ${o.item.title}`;
            return <span><KindTag kind={o.item.kind} t={t} /> {to ? <Link to={to} title={text}>{text}</Link> : text}</span>;
          },
        },
        {
          title: t('supervision.col.owner'), key: 'owner', width: 150, ellipsis: true, render: (_: unknown, o) => (
            <>
              {unitName(locale, { name: o.item.ownerName, nameEn: o.item.ownerNameEn })}
              <br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{stateLabel(t, o.item.kind, o.item.state)}</Typography.Text>
              {o.item.warnLevel !== 'none' && <Tag color={o.item.warnLevel === 'red' ? 'red' : 'gold'} style={{ marginInlineStart: 4 }}>{t(`supervision.level.${o.item.warnLevel}`)}</Tag>}
            </>
          ),
        },
      ]}
    />
  );
}
