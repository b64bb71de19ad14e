import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { RequireSession } from '../auth/require-session';
import { useSession } from '../auth/use-session';
import { NotFoundPage } from '../ui/not-found-page';
import { Loading, Notice } from '../ui/status';
import { MonitorNav } from './components/monitor-nav';
import { useOpenAnomalyCount } from './hooks/anomalies';
import { MonitorLiveProvider } from './monitor-live';

// The monitor is its own chunk already (app.tsx); its pages are split again so that an admin
// opening the audit log does not load the live inventory's stream client.
const InventoryPage = lazy(() => import('./pages/inventory-page'));
const DropDetailPage = lazy(() => import('./pages/drop-detail-page'));
const AnomaliesPage = lazy(() => import('./pages/anomalies-page'));
const UsersPage = lazy(() => import('./pages/users-page'));
const CollectivesPage = lazy(() => import('./pages/collectives-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));
const OrdersPage = lazy(() => import('./pages/orders-page'));

function AdminsOnly({ children }: { children: React.ReactNode }) {
  const state = useSession();
  if (state.status === 'signed-in' && state.user.role !== 'admin') {
    return (
      <Notice tone="warning" title="Admins only">
        This area is for platform admins.
      </Notice>
    );
  }
  return <>{children}</>;
}

function MonitorRoutes() {
  const openAnomalies = useOpenAnomalyCount();
  return (
    <MonitorLiveProvider>
      <MonitorNav openAnomalies={openAnomalies.data} />
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" component={InventoryPage} />
          <Route path="/drops/:dropId" component={DropDetailPage} />
          <Route path="/anomalies" component={AnomaliesPage} />
          <Route path="/users" component={UsersPage} />
          <Route path="/collectives" component={CollectivesPage} />
          <Route path="/audit" component={AuditPage} />
          <Route path="/orders" component={OrdersPage} />
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </MonitorLiveProvider>
  );
}

/** The admin monitor, under /monitor (the API owns /admin). */
export default function MonitorArea() {
  return (
    <RequireSession>
      <AdminsOnly>
        <MonitorRoutes />
      </AdminsOnly>
    </RequireSession>
  );
}
