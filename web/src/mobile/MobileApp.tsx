import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AlertsPage } from './alerts/AlertsPage';
import { CaseDetailPage } from './case/CaseDetailPage';
import { DutyPage } from './duty/DutyPage';
import { useSession } from '../shared/session';
import { TabBar, TABS } from './common/TabBar';
import { HistoryPage } from './history/HistoryPage';
import { HazardPage, HazardReportPage, HazardsHomePage } from './hazards';
import { ReceiptPage } from './receipts/ReceiptPage';
import { ReceiptsPage } from './receipts/ReceiptsPage';
import { ReportPage } from './report/ReportPage';
import { MilestonePage } from './tasks-progress/MilestonePage';
import { ProgressPage } from './tasks-progress/ProgressPage';
import { TasksPage } from './tasks/TasksPage';
import { TaskCountContext, useTaskCount } from './tasks/use-task-count';

/** The phone app's routes under /m, with the bottom tab bar on every page. */
export function MobileApp() {
  const [taskCount, setTaskCount] = useTaskCount();
  const session = useSession();
  // Someone without cases to check (a task force on duty) starts at their first tab.
  const home = session.can('case:verify') ? <TasksPage /> : <Navigate to={TABS.find((tab) => session.can(tab.permission))?.path ?? '/receipts'} replace />;
  return (
    <TaskCountContext.Provider value={setTaskCount}>
      <BrowserRouter basename="/m">
        <div className="m-app">
          <Routes>
            <Route path="/" element={home} />
            <Route path="/report" element={<ReportPage />} />
            <Route path="/history" element={<HistoryPage />} />
            <Route path="/duty" element={<DutyPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/cases/:id" element={<CaseDetailPage />} />
            <Route path="/receipts" element={<ReceiptsPage />} />
            <Route path="/receipts/:id" element={<ReceiptPage />} />
            <Route path="/progress" element={<ProgressPage />} />
            <Route path="/progress/:id" element={<MilestonePage />} />
            <Route path="/hazards" element={<HazardsHomePage />} />
            <Route path="/hazards/report" element={<HazardReportPage />} />
            <Route path="/hazards/:id" element={<HazardPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
          <TabBar taskCount={taskCount} />
        </div>
      </BrowserRouter>
    </TaskCountContext.Provider>
  );
}
