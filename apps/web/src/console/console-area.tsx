import { Link, Route, Switch } from 'wouter';
import { RequireSession } from '../auth/require-session';
import { ErrorNotice, Loading } from '../ui/status';
import { usePageTitle } from '../ui/use-page-title';
import { catalogueAndTeamRoutes } from './catalogue-and-team-routes';
import { ConsoleNav } from './console-nav';
import { dropsAndOrdersRoutes } from './drops-and-orders-routes';
import { shippingAndFulfilmentRoutes } from './shipping-and-fulfilment-routes';
import { useMyCollectives } from './team/team-hooks';

/**
 * The collective console (issue #14) mounts here, under /console, with its own routes; it uses
 * the same client, session, layout and components as the storefront.
 */
function ConsoleHome() {
  usePageTitle('Console');
  const mine = useMyCollectives();
  return (
    <section className="stack">
      <h1>Collective console</h1>
      <p className="muted">
        Catalogue, drops, live sales, orders, shipping and team for your collectives.
      </p>
      {mine.isPending && <Loading label="Loading your collectives…" />}
      {mine.isError && (
        <ErrorNotice error={mine.error} title="Your collectives could not be loaded" />
      )}
      {mine.data && mine.data.length === 0 && (
        <p>You belong to no collective yet: an owner can invite you by email.</p>
      )}
      {mine.data && mine.data.length > 0 && (
        <ul className="plain-list" aria-label="Your collectives">
          {mine.data.map((m) => (
            <li key={m.collective.id}>
              <Link href={`/collectives/${m.collective.slug}/items`}>{m.collective.name}</Link>{' '}
              <span className="muted">({m.role})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function ConsoleArea() {
  return (
    <RequireSession>
      <ConsoleNav />
      <Switch>
        <Route path="/" component={ConsoleHome} />
        {catalogueAndTeamRoutes()}
        {dropsAndOrdersRoutes()}
        {shippingAndFulfilmentRoutes()}
      </Switch>
    </RequireSession>
  );
}
