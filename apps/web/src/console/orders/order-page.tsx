import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { formatInstant, formatMoney } from '../../lib/format';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useMayRefund } from './may-refund';
import { OrderFulfilmentSection } from './order-fulfilment-section';
import { OrderReturn } from './order-return';
import { OrderShippingSection } from './order-shipping-section';
import { type ConsoleOrderDetail, useCollectiveOrder, useRefundOrder } from './order-hooks';

/** Paid orders can be refunded; the section stays while the refund is answered and lands. */
const REFUND_SECTION = new Set(['paid', 'refund_pending', 'refunded']);

export default function OrderPage() {
  const { collective, orderId } = useParams<{ collective: string; orderId: string }>();
  const order = useCollectiveOrder(collective, orderId);
  const mayRefund = useMayRefund(collective);
  usePageTitle(`Order ${orderId.slice(0, 8)}`);
  if (order.isPending) return <Loading label="Loading the order…" />;
  if (order.isError)
    return <ErrorNotice error={order.error} title="This order could not be loaded" />;
  const o = order.data;
  return (
    <article className="stack">
      <p>
        <Link href={`/collectives/${collective}/orders`}>← Orders</Link>
      </p>
      <h1>Order {o.id.slice(0, 8)}</h1>
      <dl className="attributes order-facts">
        <div className="attribute">
          <dt>Status</dt>
          <dd>{o.status.replace(/_/g, ' ')}</dd>
        </div>
        <div className="attribute">
          <dt>Buyer</dt>
          <dd>
            {o.buyer.displayName} ({o.buyer.email})
          </dd>
        </div>
        <div className="attribute">
          <dt>Drop</dt>
          <dd>{o.drop.name}</dd>
        </div>
        <div className="attribute">
          <dt>What</dt>
          <dd>
            {o.quantity} × {o.item.title} — {o.variant.label} ({o.variant.sku})
          </dd>
        </div>
        <div className="attribute">
          <dt>Goods</dt>
          <dd>{formatMoney(o.amountMinor, o.currency)}</dd>
        </div>
        <div className="attribute">
          <dt>Created</dt>
          <dd>{formatInstant(o.createdAt)}</dd>
        </div>
        {o.paidAt && (
          <div className="attribute">
            <dt>Paid</dt>
            <dd>{formatInstant(o.paidAt)}</dd>
          </div>
        )}
        {o.refundedAt && (
          <div className="attribute">
            <dt>Refunded</dt>
            <dd>{formatInstant(o.refundedAt)}</dd>
          </div>
        )}
      </dl>
      <section className="stack" aria-labelledby="serials-heading">
        <h2 id="serials-heading">Edition numbers</h2>
        {o.serials.length === 0 ? (
          <p className="muted">None: unnumbered, not paid, or freed by a refund.</p>
        ) : (
          <ul>
            {o.serials.map((serial) => (
              <li key={serial.serial}>{serial.label}</li>
            ))}
          </ul>
        )}
      </section>
      <OrderShippingSection order={o} />
      <OrderFulfilmentSection collective={collective} order={o} />
      <OrderReturn collective={collective} order={o} mayRefund={mayRefund} />
      <section className="stack" aria-labelledby="events-heading">
        <h2 id="events-heading">Payment events</h2>
        {o.paymentEvents.length === 0 ? (
          <p className="muted">No event from the payment provider yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Payment events table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Received</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {o.paymentEvents.map((event) => (
                  <tr key={event.eventId}>
                    <td>
                      {event.type}
                      <br />
                      <span className="muted">{event.eventId}</span>
                    </td>
                    <td>{formatInstant(event.receivedAt)}</td>
                    <td>
                      {event.processedAt ? (event.outcome ?? 'applied') : 'waiting'}
                      {event.attempts > 1 && ` after ${event.attempts} attempts`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {REFUND_SECTION.has(o.status) &&
        (mayRefund ? (
          <RefundOrder collective={collective} order={o} />
        ) : (
          o.status === 'paid' && (
            <p className="muted">Only the collective&apos;s owners refund orders.</p>
          )
        ))}
    </article>
  );
}

/** Refund in full, choosing whether the units go back on sale; confirmed before it is sent. */
function RefundOrder({ collective, order }: { collective: string; order: ConsoleOrderDetail }) {
  const [returnUnits, setReturnUnits] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const refund = useRefundOrder(collective, order.id);
  // The refund is the whole payment: goods, shipping and tax.
  const amount = formatMoney(order.shipping.totalMinor ?? order.amountMinor, order.currency);
  if (order.status !== 'paid' && !refund.isSuccess) return null;
  return (
    <section className="card stack" aria-labelledby="refund-heading">
      <h2 id="refund-heading">Refund</h2>
      <label className="row">
        <input
          type="checkbox"
          checked={returnUnits}
          onChange={(e) => {
            setReturnUnits(e.target.checked);
            setConfirming(false);
          }}
        />
        Return units to the drop
      </label>
      <p className="hint">
        {returnUnits
          ? `The ${order.quantity} units go back on sale and their edition numbers are freed.`
          : 'The units stay sold (kept back, damaged or already shipped).'}
      </p>
      {refund.isSuccess ? null : !confirming ? (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Refund {amount}…
        </button>
      ) : (
        <div className="stack" role="group" aria-label="Confirm the refund">
          <p>
            Refund {amount} to {order.buyer.displayName}
            {returnUnits ? ' and return the units to the drop' : ', keeping the units sold'}? This
            cannot be undone.
          </p>
          <div className="row">
            <button
              type="button"
              className="button danger"
              disabled={refund.isPending}
              onClick={() => refund.mutate(returnUnits)}
            >
              Confirm refund
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              Keep the order
            </button>
          </div>
        </div>
      )}
      {refund.isError && <ErrorNotice error={refund.error} title="The order was not refunded" />}
      {refund.isSuccess && (
        <Notice tone="success" alert>
          {refund.data.status === 'refunded'
            ? 'Refunded.'
            : 'Refund requested: the payment provider is slow to answer; it completes on its own.'}
        </Notice>
      )}
    </section>
  );
}
