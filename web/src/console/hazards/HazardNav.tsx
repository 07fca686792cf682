import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n';

const PAGES = [
  { key: 'ledger', path: '/hazards' },
  { key: 'rounds', path: '/hazards/rounds' },
  { key: 'checklists', path: '/hazards/checklists' },
] as const;

/** The three views of hazard inspection: the ledger, the rounds, the checklists. */
export function HazardNav() {
  const t = useT();
  const nav = useNavigate();
  const { pathname } = useLocation();
  const current = PAGES.find((p) => p.path !== '/hazards' && pathname.startsWith(p.path))?.key ?? 'ledger';
  return (
    <Segmented value={current} onChange={(v) => nav(PAGES.find((p) => p.key === v)!.path)}
      options={PAGES.map((p) => ({ value: p.key, label: t(`hazards.nav.${p.key}`) }))} data-testid="hazard-nav" />
  );
}
