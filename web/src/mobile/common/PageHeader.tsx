import { LeftOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { UserMenu } from '../../shared/FaceHeader';
import { useStreamOnline } from '../../shared/event-stream';
import { useT } from '../../shared/i18n';

/** The blue bar on top: the page title (with a back arrow on inner pages) and the user menu. */
export function PageHeader({ title, back, extra }: { title: ReactNode; back?: boolean; extra?: ReactNode }) {
  const t = useT();
  const nav = useNavigate();
  const online = useStreamOnline(['case']);
  // The stream needs a moment to connect on a slow link: warn only when it stays down.
  const [showOffline, setShowOffline] = useState(false);
  useEffect(() => {
    if (online) { setShowOffline(false); return; }
    const timer = setTimeout(() => setShowOffline(true), 4000);
    return () => clearTimeout(timer);
  }, [online]);
  return (
    <>
      <header className="m-header">
        <div className="m-header-back">
          {back && (
            <Button type="text" icon={<LeftOutlined />} aria-label={t('common.back')}
              onClick={() => (history.length > 1 ? nav(-1) : nav('/'))} style={{ marginLeft: -8 }} />
          )}
          <h1>{title}</h1>
        </div>
        <div style={{ display: 'flex', alignItems: 'center' }}>{extra}<UserMenu /></div>
      </header>
      {showOffline && <Alert type="warning" banner message={t('common.offline')} />}
    </>
  );
}
