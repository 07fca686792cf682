import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type GetResponse } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { ProgressBars } from './ProgressBars';
import { liveTotal, ReceiptStateTag } from './receipt-format';

export type Progress = GetResponse<'/api/directives/{id}/progress'>;
type ProgressNode = Progress['children'][number];
interface Row extends ProgressNode { key: string; placeholder?: boolean; children?: Row[] }

export interface ProgressTreeHandle {
  /** Reloads every level that is loaded (after a signature, a forward or a report somewhere below). */
  refresh(): Promise<void>;
}

/**
 * 进度树: the directive's receipts by unit, one level at a time (a street's grids load when the street is
 * opened), each row with its own receipt and the sign/report progress rolled up over its subtree.
 */
export const ProgressTree = forwardRef<ProgressTreeHandle, { directiveId: string; top: Progress; report: boolean }>(function ProgressTree({ directiveId, top, report }, ref) {
  const t = useT();
  const [levels, setLevels] = useState<Map<string, ProgressNode[]>>(new Map());
  const [topNode, setTopNode] = useState<ProgressNode | null>(top.node);
  const [expanded, setExpanded] = useState<string[]>(top.node ? [top.node.code] : []);
  const [loadingCodes, setLoadingCodes] = useState<Set<string>>(new Set());
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;

  useEffect(() => {
    setTopNode(top.node);
    setLevels((old) => {
      const next = new Map(old);
      next.set(top.node?.code ?? '', top.children);
      return next;
    });
  }, [top]);

  const loadLevel = useCallback(async (code: string) => {
    setLoadingCodes((s) => new Set(s).add(code));
    try {
      const p = await api.get<Progress>(`/api/directives/${directiveId}/progress`, { under: code });
      setLevels((old) => new Map(old).set(code, p.children));
      if (p.node && p.node.code === top.node?.code) setTopNode(p.node);
    } finally {
      setLoadingCodes((s) => { const n = new Set(s); n.delete(code); return n; });
    }
  }, [directiveId, top.node?.code]);

  useImperativeHandle(ref, () => ({
    refresh: async () => {
      // The top level comes with the directive; the opened levels below are asked again.
      const codes = expandedRef.current.filter((c) => c !== top.node?.code);
      await Promise.all(codes.map((c) => loadLevel(c).catch(() => undefined)));
    },
  }), [loadLevel, top.node?.code]);

  const data = useMemo(() => {
    const build = (n: ProgressNode): Row => {
      const kids = levels.get(n.code);
      return {
        ...n, key: n.code,
        children: !n.hasChildren ? undefined
          : kids ? kids.map(build) : [{ ...n, key: `${n.code}::loading`, placeholder: true, children: undefined }],
      };
    };
    return topNode ? [build(topNode)] : (levels.get('') ?? []).map(build);
  }, [levels, topNode]);

  const columns: ColumnsType<Row> = [
    {
      title: t('directives.tree.unit'), dataIndex: 'name', width: 320,
      render: (name: string, r) => r.placeholder
        ? <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
        : <span data-testid="tree-unit" data-code={r.code} style={{ whiteSpace: 'nowrap' }}>{name} <Tag style={{ marginInlineStart: 4 }}>{t(`unitKind.${r.kind}`)}</Tag></span>,
    },
    {
      title: t('directives.tree.own'), width: 150,
      render: (_: unknown, r) => (r.placeholder ? null : r.receipt
        ? <Link to={`/receipts/${r.receipt.id}`} data-testid="tree-receipt" data-state={r.receipt.state}><ReceiptStateTag state={r.receipt.state} t={t} />
          {r.receipt.warnLevel !== 'none' && <Tag color={r.receipt.warnLevel === 'red' ? 'red' : 'gold'} style={{ marginInlineStart: 4 }}>{t(`warn.${r.receipt.warnLevel}`)}</Tag>}</Link>
        : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('directives.tree.receipts'), width: 70, align: 'right', render: (_: unknown, r) => (r.placeholder ? null : liveTotal(r.counts)) },
    { title: t('directives.tree.progress'), render: (_: unknown, r) => (r.placeholder ? null : <ProgressBars counts={r.counts} report={report} t={t} />) },
    {
      title: t('directives.tree.pending'), width: 76, align: 'right',
      render: (_: unknown, r) => (r.placeholder ? null : r.counts.pending > 0 ? <Typography.Text type={r.counts.overdue ? 'danger' : undefined}>{r.counts.pending}</Typography.Text> : 0),
    },
  ];

  return (
    <Table<Row>
      size="small" bordered pagination={false} columns={columns} dataSource={data} rowKey="key" data-testid="progress-tree"
      rowClassName={(r) => (r.placeholder ? '' : r.counts.overdue > 0 ? 'cy-row-red' : r.counts.warning > 0 ? 'cy-row-yellow' : '')}
      expandable={{
        expandedRowKeys: expanded, indentSize: 16,
        onExpand: (open, r) => {
          setExpanded((keys) => (open ? [...keys, r.code] : keys.filter((k) => k !== r.code)));
          if (open && !levels.has(r.code) && !loadingCodes.has(r.code)) void loadLevel(r.code).catch(() => undefined);
        },
      }}
      locale={{ emptyText: t('directives.tree.empty') }}
    />
  );
});
