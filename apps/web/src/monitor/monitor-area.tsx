import { Route, Switch } from 'wouter';
import { RequireSession } from '../auth/require-session';
import { useSession } from '../auth/use-session';
import { Notice } from '../ui/status';
import { usePageTitle } from '../ui/use-page-title';

/**
 * The admin monitor (issue #15) mounts here, under /monitor (the API owns /admin), with its own
 * routes on the shared client, session, layout and components.
 */
function MonitorHome() {
  usePageTitle('Monitor');
  return (
    <section className="stack">
      <h1>Platform monitor</h1>
      <p className="muted">Every drop's inventory, anomalies, payments and queues.</p>
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

export default function MonitorArea() {
  return (
    <RequireSession>
      <AdminsOnly>
        <Switch>
          <Route path="/" component={MonitorHome} />
        </Switch>
      </AdminsOnly>
    </RequireSession>
  );
}
