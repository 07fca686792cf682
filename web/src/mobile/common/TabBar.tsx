import { AlertOutlined, CameraOutlined, CheckSquareOutlined, FlagOutlined, HistoryOutlined, NotificationOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../shared/i18n';
import { useSession } from '../../shared/session';

// Each tab shows for whom it has work: a grid worker sees them all, a task force's member on duty only 签收/节点/值班/隐患.
export const TABS = [
  { path: '/', key: 'tasks', icon: <CheckSquareOutlined />, permission: 'case:verify' },
  { path: '/report', key: 'report', icon: <CameraOutlined />, permission: 'case:report' },
  { path: '/receipts', key: 'receipts', icon: <NotificationOutlined />, permission: 'directive:sign' },
  { path: '/progress', key: 'progress', icon: <FlagOutlined />, permission: 'task:report' },
  { path: '/alerts', key: 'alerts', icon: <AlertOutlined />, permission: 'alert:ack' },
  { path: '/duty', key: 'duty', icon: <SafetyCertificateOutlined />, permission: 'operation:duty' },
  { path: '/hazards', key: 'hazards', icon: <WarningOutlined />, permission: 'hazard:inspect' },
  { path: '/history', key: 'history', icon: <HistoryOutlined />, permission: 'case:report' },
] as const;

/** The permissions that open the phone face: any one tab's. */
export const MOBILE_PERMISSIONS = [...new Set(TABS.map((tab) => tab.permission))];

/** The phone's bottom tab bar: big targets, the number of cases waiting for my check on 任务. */
export function TabBar({ taskCount }: { taskCount: number }) {
  const t = useT();
  const nav = useNavigate();
  const { pathname } = useLocation();
  const session = useSession();
  const tabs = TABS.filter((tab) => session.can(tab.permission));
  const active = TABS.find((tab) => tab.path !== '/' && pathname.startsWith(tab.path))?.key ?? 'tasks';
  return (
    <nav className="m-tabbar" aria-label={t('tabs.label')}>
      {tabs.map((tab) => (
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
