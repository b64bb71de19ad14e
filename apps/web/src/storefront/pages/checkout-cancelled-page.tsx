import { Link, useSearchParams } from 'wouter';
import { RequireSession } from '../../auth/require-session';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { OrderSummary } from '../components/order-summary';
import { useOrder } from '../hooks/orders';

function Outcome({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  if (order.isPending) return <Loading label="Checking your order…" />;
  if (order.isError)
    return <ErrorNotice error={order.error} title="Your order could not be loaded" />;
  const o = order.data;
  if (o.status === 'paid') {
    return (
      <div className="stack">
        <Notice tone="success" title="You did pay" alert>
          <p>The payment went through before you left the payment page.</p>
        </Notice>
        <OrderSummary order={o} headingLevel={2} />
      </div>
    );
  }
  if (o.hold.status === 'active' && Date.parse(o.hold.expiresAt) > Date.now()) {
    return (
      <Notice title="Not paid yet: your units are still held" alert>
        <p>
          They are yours until {formatInstant(o.hold.expiresAt)}.{' '}
          <Link href={`/drop/${o.drop.id}/holds/${o.hold.id}`}>Go back and pay</Link>
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="warning" title="Not paid: the hold has ended" alert>
      <p>You were not charged, and the units went back on sale.</p>
    </Notice>
  );
}

function CancelledView() {
  usePageTitle('Checkout left');
  const [params] = useSearchParams();
  const orderId = params.get('order');
  return (
    <section className="page narrow stack">
      <h1>You left the payment page</h1>
      {orderId ? <Outcome orderId={orderId} /> : <Notice title="Nothing was charged." />}
    </section>
  );
}

export default function CheckoutCancelledPage() {
  return (
    <RequireSession>
      <CancelledView />
    </RequireSession>
  );
}
