import { CameraOutlined, CheckSquareOutlined, FlagOutlined, HistoryOutlined, NotificationOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n';

const TABS = [
  { path: '/', key: 'tasks', icon: <CheckSquareOutlined /> },
  { path: '/report', key: 'report', icon: <CameraOutlined /> },
  { path: '/receipts', key: 'receipts', icon: <NotificationOutlined /> },
  { path: '/progress', key: 'progress', icon: <FlagOutlined /> },
  { path: '/history', key: 'history', icon: <HistoryOutlined /> },
] as const;

/** The phone's bottom tab bar: big targets, the number of cases waiting for my check on 任务. */
export function TabBar({ taskCount }: { taskCount: number }) {
  const t = useT();
  const nav = useNavigate();
  const { pathname } = useLocation();
  const active = TABS.find((tab) => tab.path !== '/' && pathname.startsWith(tab.path))?.key ?? 'tasks';
  return (
    <nav className="m-tabbar" aria-label={t('tabs.label')}>
      {TABS.map((tab) => (
        <button key={tab.key} type="button" className={`m-tab${active === tab.key ? ' active' : ''}`}
          aria-current={active === tab.key ? 'page' : undefined} data-testid={`tab-${tab.key}`} onClick={() => nav(tab.path)}>
          {tab.icon}
          <span>{t(`tabs.${tab.key}`)}</span>
          {tab.key === 'tasks' && taskCount > 0 && <Badge count={taskCount} size="small" />}
        </button>
      ))}
    </nav>
  );
}
