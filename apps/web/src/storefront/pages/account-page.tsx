import { RequireSession } from '../../auth/require-session';
import { useSession } from '../../auth/use-session';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { MyEntries } from '../components/my-entries';
import { OrderSummary } from '../components/order-summary';
import { useMyOrders } from '../hooks/orders';

function Orders() {
  const orders = useMyOrders();
  if (orders.isPending) return <Loading label="Loading your orders…" />;
  if (orders.isError)
    return <ErrorNotice error={orders.error} title="Orders could not be loaded" />;
  if (orders.data.orders.length === 0) return <p>No orders yet.</p>;
  return (
    <ul className="stack plain-list">
      {orders.data.orders.map((order) => (
        <li key={order.id}>
          <OrderSummary order={order} />
        </li>
      ))}
    </ul>
  );
}

function AccountView() {
  usePageTitle('My account');
  const session = useSession();
  return (
    <div className="stack">
      <h1>My account</h1>
      {session.status === 'signed-in' && (
        <p className="muted">
          Signed in as {session.user.displayName} ({session.user.email})
        </p>
      )}
      <section aria-labelledby="orders-heading" className="stack">
        <h2 id="orders-heading">My orders</h2>
        <Orders />
      </section>
      <MyEntries />
    </div>
  );
}

export default function AccountPage() {
  return (
    <RequireSession>
      <AccountView />
    </RequireSession>
  );
}
