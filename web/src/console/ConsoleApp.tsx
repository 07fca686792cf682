import { AlertOutlined, AuditOutlined, BarChartOutlined, ClusterOutlined, InboxOutlined, NotificationOutlined, SafetyCertificateOutlined, ScheduleOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import { Layout, Menu, Result, Space, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useEvents, useStreamOnline } from '../shared/event-stream';
import { UserMenu } from '../shared/FaceHeader';
import { useLocale, useT } from '../shared/i18n';
import { useSession } from '../shared/session';
import { UnitsPage } from './admin/UnitsPage';
import { UsersPage } from './admin/UsersPage';
import { CaseDetailPage } from './case/CaseDetailPage';
import { ComposePage } from './directives/ComposePage';
import { DirectiveDetailPage } from './directives/DirectiveDetailPage';
import { DirectivesPage } from './directives/DirectivesPage';
import { EvaluationPage } from './evaluation/EvaluationPage';
import { InboxPage } from './inbox/InboxPage';
import { RankingsPage } from './rankings/RankingsPage';
import { SupervisionPage } from './supervision/SupervisionPage';
import { setUploadLocale } from './lib/http';
import { ReceiptDetailPage } from './receipts/ReceiptDetailPage';
import { ReceiptsPage } from './receipts/ReceiptsPage';
import { CreateListPage } from './responsibility/CreateListPage';
import { ListDetailPage } from './responsibility/ListDetailPage';
import { ListsPage } from './responsibility/ListsPage';
import { WarningOutlined } from '@ant-design/icons';
import { ChecklistsPage, HazardDetailPage, HazardsPage, RoundDetailPage, RoundsPage } from './hazards';
import { OperationDetailPage } from './operations/OperationDetailPage';
import { OperationsPage } from './operations/OperationsPage';
import { PlaybooksPage } from './playbooks';

const MENU: Array<{ key: string; label: string; icon: ReactNode; permission: string }> = [
  { key: '/cases', label: 'menu.inbox', icon: <InboxOutlined />, permission: 'case:read' },
  { key: '/directives', label: 'directives.menu', icon: <NotificationOutlined />, permission: 'directive:read' },
  { key: '/receipts', label: 'receipts.menu', icon: <AuditOutlined />, permission: 'directive:read' },
  { key: '/responsibility', label: 'responsibility.menu', icon: <ScheduleOutlined />, permission: 'task:read' },
  { key: '/hazards', label: 'hazards.menu', icon: <WarningOutlined />, permission: 'hazard:read' },
  { key: '/operations', label: 'operations.menu', icon: <SafetyCertificateOutlined />, permission: 'operation:read' },
  { key: '/supervision', label: 'supervision.menu', icon: <AlertOutlined />, permission: 'supervision:read' },
  { key: '/rankings', label: 'rankings.menu', icon: <TrophyOutlined />, permission: 'ranking:read' },
  { key: '/evaluation', label: 'menu.evaluation', icon: <BarChartOutlined />, permission: 'evaluation:read' },
  { key: '/admin/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user:manage' },
  { key: '/admin/units', label: 'menu.units', icon: <ClusterOutlined />, permission: 'unit:manage' },
];

function Shell() {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const location = useLocation();
  // The page's case stream stays open on every page, so the header shows whether live updates flow.
  useEvents(['case'], () => undefined);
  const online = useStreamOnline(['case']);
  useEffect(() => setUploadLocale(locale), [locale]);
  useEffect(() => { document.title = `${t('app.name')} · ${t('faces.console')}`; }, [t]);

  const items = MENU.filter((m) => session.can(m.permission))
    .map((m) => ({ key: m.key, icon: m.icon, label: <Link to={m.key}>{t(m.label)}</Link> }));
  const selected = MENU.find((m) => location.pathname.startsWith(m.key))?.key ?? '/cases';
  const guard = (permission: string, page: ReactNode) => (session.can(permission) ? page : <Result status="403" title="403" subTitle={t('common.noPermission')} />);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={188} theme="dark" breakpoint="xl" collapsedWidth={56}>
        <div style={{ height: 52, display: 'flex', alignItems: 'center', padding: '0 16px', color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {t('app.name')} · {t('faces.console')}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', height: 52, lineHeight: '52px', padding: '0 16px', borderBottom: '1px solid #f0f0f0', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography.Text strong style={{ fontSize: 15 }}>{t('app.fullName')}</Typography.Text>
          <Space size="middle">
            <Typography.Text type={online ? 'success' : 'secondary'} style={{ fontSize: 12 }} aria-live="polite">
              ● {online ? t('common.live') : t('shell.connecting')}
            </Typography.Text>
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 12, minWidth: 0 }}>
          <Routes>
            <Route path="/" element={<Navigate to="/cases" replace />} />
            <Route path="/cases" element={<InboxPage />} />
            <Route path="/cases/:id" element={<CaseDetailPage />} />
            <Route path="/directives" element={guard('directive:read', <DirectivesPage />)} />
            <Route path="/directives/new" element={guard('directive:issue', <ComposePage />)} />
            <Route path="/directives/:id" element={guard('directive:read', <DirectiveDetailPage />)} />
            <Route path="/receipts" element={guard('directive:read', <ReceiptsPage />)} />
            <Route path="/receipts/:id" element={guard('directive:read', <ReceiptDetailPage />)} />
            <Route path="/responsibility" element={guard('task:read', <ListsPage />)} />
            <Route path="/responsibility/new" element={guard('task:manage', <CreateListPage />)} />
            <Route path="/responsibility/:id" element={guard('task:read', <ListDetailPage />)} />
            <Route path="/hazards" element={guard('hazard:read', <HazardsPage />)} />
            <Route path="/hazards/rounds" element={guard('hazard:read', <RoundsPage />)} />
            <Route path="/hazards/rounds/:id" element={guard('hazard:read', <RoundDetailPage />)} />
            <Route path="/hazards/checklists" element={guard('hazard:read', <ChecklistsPage />)} />
            <Route path="/hazards/:id" element={guard('hazard:read', <HazardDetailPage />)} />
            <Route path="/operations" element={guard('operation:read', <OperationsPage />)} />
            <Route path="/operations/playbooks" element={guard('crowd:read', <PlaybooksPage />)} />
            <Route path="/operations/:id" element={guard('operation:read', <OperationDetailPage />)} />
            <Route path="/supervision" element={guard('supervision:read', <SupervisionPage />)} />
            <Route path="/rankings" element={guard('ranking:read', <RankingsPage />)} />
            <Route path="/evaluation" element={guard('evaluation:read', <EvaluationPage />)} />
            <Route path="/admin/users" element={guard('user:manage', <UsersPage />)} />
            <Route path="/admin/units" element={guard('unit:manage', <UnitsPage />)} />
            <Route path="*" element={<Result status="404" title="404" subTitle={t('shell.notFound')} extra={<Link to="/cases">{t('menu.inbox')}</Link>} />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function ConsoleApp() {
  return <BrowserRouter basename="/console"><Shell /></BrowserRouter>;
}
