import { Link, useSearchParams } from 'wouter';
import { RequireSession } from '../../auth/require-session';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { OrderSummary } from '../components/order-summary';
import { useOrderForCheckoutSession } from '../hooks/orders';

function Outcome({ sessionId }: { sessionId: string }) {
  const order = useOrderForCheckoutSession(sessionId);
  if (order.isPending) return <Loading label="Checking your payment…" />;
  if (order.isError)
    return <ErrorNotice error={order.error} title="Your order could not be loaded" />;
  const o = order.data;
  if (!o) {
    return (
      <Notice title="Still processing" alert>
        <p>Your payment is being confirmed. This page updates by itself.</p>
      </Notice>
    );
  }
  switch (o.status) {
    case 'paid':
      return (
        <div className="stack">
          <Notice tone="success" title="Paid: it is yours" alert>
            <p>A confirmation is on its way by mail.</p>
          </Notice>
          <OrderSummary order={o} headingLevel={2} />
        </div>
      );
    case 'awaiting_payment':
    case 'awaiting_async_payment':
      return (
        <div className="stack">
          <Notice title="Still processing" alert>
            <p>
              {o.status === 'awaiting_async_payment'
                ? 'Your bank confirms this kind of payment later; your units stay yours meanwhile.'
                : 'Stripe has not told us about the payment yet. This page updates by itself.'}
            </p>
          </Notice>
          <OrderSummary order={o} headingLevel={2} />
        </div>
      );
    case 'expired':
    case 'payment_failed':
      return (
        <Notice
          tone="danger"
          title={o.status === 'expired' ? 'The hold expired before payment' : 'The payment failed'}
          alert
        >
          <p>You were not charged; the units went back on sale.</p>
        </Notice>
      );
    case 'refund_pending':
    case 'refunded':
    case 'refund_failed':
    case 'disputed':
      return (
        <div className="stack">
          <Notice tone="warning" title="This order was not kept" alert>
            <p>
              {o.refundReason === 'units_gone'
                ? 'The payment arrived after your hold ended and nothing was left: it is refunded in full.'
                : 'This order is being refunded or disputed.'}
            </p>
          </Notice>
          <OrderSummary order={o} headingLevel={2} />
        </div>
      );
  }
}

function SuccessView() {
  usePageTitle('Thank you');
  const [params] = useSearchParams();
  const sessionId = params.get('session_id');
  return (
    <section className="page narrow stack">
      <h1>Your order</h1>
      {sessionId ? (
        <Outcome sessionId={sessionId} />
      ) : (
        <Notice tone="warning" title="No payment to show" />
      )}
      <p>
        <Link href="/account">All your orders</Link>
      </p>
    </section>
  );
}

export default function CheckoutSuccessPage() {
  return (
    <RequireSession>
      <SuccessView />
    </RequireSession>
  );
}
