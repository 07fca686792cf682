import { Collapse, Descriptions, Empty, Tag, Typography } from 'antd';
import type { TFunction } from '../../shared/i18n';
import { useT } from '../../shared/i18n';
import { dateTime } from '../lib/format';
import { deadlineSpecText } from './receipt-format';

export interface Change { field: string; from?: unknown; to?: unknown }
interface Version {
  version: number; title: string; body: string; changes: Change[]; note: string | null; authorName: string; createdAt: string;
  signBy: Record<string, unknown>; reportBy: Record<string, unknown> | null;
}

/** One changed field, old value struck through, new value after it. */
export function changeValue(c: Change, side: 'from' | 'to', t: TFunction): string {
  const v = c[side];
  if (c.field === 'signBy' || c.field === 'reportBy') return deadlineSpecText(v as Record<string, unknown> | null, t);
  if (c.field === 'attachmentIds') return t('directives.versions.attachments', { n: Array.isArray(v) ? v.length : 0 });
  return typeof v === 'string' ? v : v === null || v === undefined ? '—' : JSON.stringify(v);
}

/** What changed, field by field: the recipients see this too when they re-confirm. */
export function ChangeList({ changes }: { changes: Change[] }) {
  const t = useT();
  return (
    <Descriptions size="small" bordered column={1} styles={{ label: { width: 96 } }} items={changes.map((c) => ({
      key: c.field, label: t(`directives.versions.field.${c.field}`),
      children: (
        <div style={{ whiteSpace: 'pre-wrap' }}>
          <Typography.Text delete type="secondary">{changeValue(c, 'from', t)}</Typography.Text>
          <div><Typography.Text strong>{changeValue(c, 'to', t)}</Typography.Text></div>
        </div>
      ),
    }))} />
  );
}

/** 版本记录: every version, newest first, with the note and the changes against the one before. */
export function VersionHistory({ versions }: { versions: Version[] }) {
  const t = useT();
  if (versions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <Collapse key={sorted.length} size="small" defaultActiveKey={sorted.length > 1 ? [String(sorted[0]!.version)] : []} data-testid="versions" items={sorted.map((v) => ({
      key: String(v.version),
      label: (
        <span>
          <Tag color={v.version === sorted[0]!.version ? 'blue' : 'default'}>{t('directives.versionN', { n: v.version })}</Tag>
          {v.authorName} · {dateTime(v.createdAt)}
          {v.note && <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{v.note}</Typography.Text>}
        </span>
      ),
      children: v.changes.length ? <ChangeList changes={v.changes} /> : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('directives.versions.first', { sign: deadlineSpecText(v.signBy, t), report: deadlineSpecText(v.reportBy, t) })}
        </Typography.Paragraph>
      ),
    }))} />
  );
}
