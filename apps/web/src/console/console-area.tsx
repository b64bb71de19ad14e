import { Route, Switch } from 'wouter';
import { RequireSession } from '../auth/require-session';
import { usePageTitle } from '../ui/use-page-title';
import { dropsAndOrdersRoutes } from './drops-and-orders-routes';

/**
 * The collective console (issue #14) mounts here, under /console, with its own routes; it uses
 * the same client, session, layout and components as the storefront.
 */
function ConsoleHome() {
  usePageTitle('Console');
  return (
    <section className="stack">
      <h1>Collective console</h1>
      <p className="muted">Catalogue, drops, live sales and orders for your collectives.</p>
    </section>
  );
}

export default function ConsoleArea() {
  return (
    <RequireSession>
      <Switch>
        <Route path="/" component={ConsoleHome} />
        {dropsAndOrdersRoutes()}
      </Switch>
    </RequireSession>
  );
}
