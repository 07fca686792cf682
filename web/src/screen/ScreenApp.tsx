// Routes of the big screen: /screen (the caller's widest place), /screen/street/<code>, /screen/supervision and
// /screen/operation (the key zones' crowd safety during an operation).
// Kiosk mode (?kiosk=1&rotate=30) hides the cursor and menus and rotates district → each street → supervision.
import { useCallback, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../shared/session';
import { OperationScreen } from './operation/OperationScreen';
import { ReplayScreen } from './replay/ReplayScreen';
import { ScreenPage } from './ScreenPage';
import { SupervisionScreen } from './supervision/SupervisionScreen';
import type { Summary } from './useScreenData';

function useKiosk() {
  const q = new URLSearchParams(useLocation().search);
  const kiosk = q.get('kiosk') === '1';
  const rotate = Number(q.get('rotate'));
  return { kiosk, rotateSeconds: kiosk && rotate >= 5 ? Math.min(rotate, 3600) : null, search: useLocation().search };
}

function Screen({ streets, onSummary }: { streets: string[]; onSummary(s: Summary): void }) {
  const { code } = useParams();
  const navigate = useNavigate();
  const { kiosk, rotateSeconds, search } = useKiosk();
  // After the last street the rotation shows the supervision board (/supervision), which leads back here.
  const last = useSession().can('supervision:read') ? `/supervision${search}` : `/${search}`;

  const open = useCallback((c: string) => navigate(`/street/${c}${search}`), [navigate, search]);
  const back = useCallback(() => navigate(`/${search}`), [navigate, search]);

  useEffect(() => {
    if (!rotateSeconds || streets.length === 0) return;
    const id = window.setTimeout(() => {
      const next = code ? streets[streets.indexOf(code) + 1] : streets[0];
      navigate(next ? `/street/${next}${search}` : last);
    }, rotateSeconds * 1000);
    return () => window.clearTimeout(id);
  }, [code, rotateSeconds, streets, navigate, search, last]);

  return <ScreenPage unit={code} kiosk={kiosk} rotateSeconds={rotateSeconds} onOpenStreet={open} onBack={back} onSummary={onSummary} />;
}

export function ScreenApp() {
  // The rotation: the district's streets in code order, learnt from the district summary (empty for a street's
  // own operator, who has no district to rotate through).
  const [streets, setStreets] = useState<string[]>([]);
  const onSummary = useCallback((s: Summary) => {
    if (s.unit.kind !== 'district') return;
    const codes = s.ranking.rows.map((r) => r.code).sort();
    setStreets((old) => (old.join() === codes.join() ? old : codes));
  }, []);
  const screen = <Screen streets={streets} onSummary={onSummary} />;
  return (
    <BrowserRouter basename="/screen">
      <Routes>
        <Route path="/" element={screen} />
        <Route path="/street/:code" element={screen} />
        <Route path="/supervision" element={<SupervisionScreen />} />
        <Route path="/operation" element={<OperationScreen />} />
        <Route path="/operation/replay" element={<ReplayScreen />} />
        <Route path="*" element={screen} />
      </Routes>
    </BrowserRouter>
  );
}
