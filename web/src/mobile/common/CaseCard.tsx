import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Card, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n';
import { STATE_COLOR, WARN_COLOR, when } from './format';

export interface CaseCardData {
  id: string; ref: string; title: string; state: string; categoryName: string; warnLevel: string;
  reportedAt: string; deadlineAt?: string | null; address?: string | null;
}

/** One case in a phone list: category and state first, then number, place and time; a tap opens it. */
export function CaseCard({ c, extra }: { c: CaseCardData; extra?: ReactNode }) {
  const t = useT();
  const nav = useNavigate();
  const open = c.state !== 'closed' && c.state !== 'rejected' && c.state !== 'merged';
  return (
    <Card className="m-card" size="small" onClick={() => nav(`/cases/${c.id}`)} data-testid="case-card" data-ref={c.ref}>
      <div className="m-card-title">
        <strong>{c.categoryName}</strong>
        <Tag color={STATE_COLOR[c.state] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`state.${c.state}`)}</Tag>
      </div>
      <div className="m-meta">{c.ref}</div>
      <div className="m-meta"><EnvironmentOutlined /> {c.address || c.title.replace(`${c.categoryName} · `, '')}</div>
      <div className="m-row m-meta" style={{ justifyContent: 'space-between' }}>
        <span>{t('case.reportedAt')} {when(c.reportedAt)}</span>
        {open && c.deadlineAt && (
          <Tag color={WARN_COLOR[c.warnLevel] ?? 'default'} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('case.due', { at: when(c.deadlineAt) })}
          </Tag>
        )}
      </div>
      {extra}
    </Card>
  );
}
