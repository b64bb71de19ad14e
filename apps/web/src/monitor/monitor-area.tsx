import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { RequireSession } from '../auth/require-session';
import { useSession } from '../auth/use-session';
import { NotFoundPage } from '../ui/not-found-page';
import { Loading, Notice } from '../ui/status';
import { MonitorNav } from './components/monitor-nav';

// The monitor is its own chunk already (app.tsx); its pages are split again so that an admin
// opening the audit log does not load the live inventory's stream client.
const UsersPage = lazy(() => import('./pages/users-page'));
const CollectivesPage = lazy(() => import('./pages/collectives-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));
const OrdersPage = lazy(() => import('./pages/orders-page'));

// Until the monitoring API lands (issue #15's backend), the first screen points at the lists.
function MonitorHome() {
  return (
    <section className="stack">
      <h1>Platform monitor</h1>
      <p className="muted">Users, collectives and the audit log; live inventory comes next.</p>
    </section>
  );
}

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
  return (
    <>
      <MonitorNav />
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/" component={MonitorHome} />
          <Route path="/users" component={UsersPage} />
          <Route path="/collectives" component={CollectivesPage} />
          <Route path="/audit" component={AuditPage} />
          <Route path="/orders" component={OrdersPage} />
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </>
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
