import { Badge, Button, Card, Col, Empty, Row, Space, Tooltip, Typography } from 'antd';
import type { GetResponse } from '../../shared/api';
import { useLocale, useT } from '../../shared/i18n';
import { labelOr, unitName } from './format';

type Board = GetResponse<'/api/supervision/board'>;
export type BoardUnitRow = Board['units'][number];

/**
 * One card per unit with something red or yellow: the counts, the kinds behind them, a click to filter the
 * list to it and (when it has sub-units) a way down. Units with nothing late are summed up in one line.
 */
export function UnitCards({ units, selected, onSelect, onDrill }: {
  units: BoardUnitRow[]; selected: string | null; onSelect(u: BoardUnitRow | null): void; onDrill(code: string): void;
}) {
  const t = useT();
  const locale = useLocale();
  const hot = units.filter((u) => u.red + u.yellow > 0);
  const quiet = units.filter((u) => !u.self && u.red + u.yellow === 0).length;
  if (hot.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.allClear')} />;
  return (
    <>
      <Row gutter={[8, 8]}>
        {hot.map((u) => {
          const active = selected === u.code;
          return (
            <Col key={u.code} xs={12} md={8} lg={6} xl={4}>
              <Card
                size="small" hoverable data-unit={u.code} onClick={() => onSelect(active ? null : u)}
                style={{ borderColor: active ? '#1677ff' : u.red ? '#ffa39e' : '#ffe58f', background: active ? '#e6f4ff' : u.red ? '#fff1f0' : '#fffbe6' }}
                styles={{ body: { padding: '8px 10px' } }}
              >
                <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 4 }}>
                  <Typography.Text strong ellipsis style={{ maxWidth: '70%' }}>
                    {u.self ? t('supervision.selfRow', { name: unitName(locale, u) }) : unitName(locale, u)}
                  </Typography.Text>
                  {u.hasChildren && (
                    <Button size="small" type="link" style={{ padding: 0, height: 'auto' }} onClick={(e) => { e.stopPropagation(); onDrill(u.code); }}>
                      {t('supervision.drill')} ›
                    </Button>
                  )}
                </div>
                <Space size={16} style={{ marginTop: 4 }}>
                  <Tooltip title={t('supervision.redHint')}><span><Badge color="#cf1322" /><b style={{ fontSize: 22, color: '#cf1322', marginInlineStart: 4 }}>{u.red}</b></span></Tooltip>
                  <Tooltip title={t('supervision.yellowHint')}><span><Badge color="#d48806" /><b style={{ fontSize: 22, color: '#d48806', marginInlineStart: 4 }}>{u.yellow}</b></span></Tooltip>
                </Space>
                <div style={{ fontSize: 12, color: '#666', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {Object.entries(u.byKind).map(([k, v]) => `${labelOr(t, `supervision.kinds.${k}`, k)} ${v.red}/${v.yellow}`).join(' · ')}
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
      {quiet > 0 && <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>{t('supervision.quiet', { n: quiet })}</Typography.Text>}
    </>
  );
}
