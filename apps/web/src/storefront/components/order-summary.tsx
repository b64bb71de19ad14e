import { Link } from 'wouter';
import { formatInstant, formatMoney } from '../../lib/format';
import { fulfilmentSummary } from '../fulfilment';
import type { Order } from '../hooks/orders';

export const ORDER_STATUS_LABELS: Record<string, string> = {
  awaiting_payment: 'Awaiting payment',
  awaiting_async_payment: 'Payment on its way',
  paid: 'Paid',
  payment_failed: 'Payment failed',
  expired: 'Expired',
  refund_pending: 'Refund on its way',
  refunded: 'Refunded',
  refund_failed: 'Refund failed',
  disputed: 'Disputed',
};

/**
 * An order with its edition numbers (each linking to its public certificate), what it cost in all
 * and where the parcel is; its heading leads to the order's own page.
 */
export function OrderSummary({ order, headingLevel = 3 }: { order: Order; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="card stack">
      <Heading>
        <Link href={`/account/orders/${order.id}`}>
          {order.item.title} — {order.variant.label}
        </Link>
      </Heading>
      <p className="muted">
        {order.drop.name} · {order.quantity} × {formatMoney(order.unitPriceMinor, order.currency)} ·{' '}
        {ORDER_STATUS_LABELS[order.status] ?? order.status}
        {order.paidAt && <> · paid {formatInstant(order.paidAt)}</>}
      </p>
      {order.status === 'paid' && (
        <p className="row">
          <span className={`badge badge-fulfilment-${order.fulfilment.status}`}>
            {fulfilmentSummary(order.fulfilment)}
          </span>
          {order.shipping.totalMinor !== null && (
            <span>Total {formatMoney(order.shipping.totalMinor, order.currency)}</span>
          )}
        </p>
      )}
      {order.serials.length > 0 && (
        <ul className="row plain-list" aria-label="Edition numbers">
          {order.serials.map((serial) => (
            <li key={serial.serial} className="badge">
              <Link href={`/certificates/${order.variant.id}/${serial.serial}`}>
                {serial.label}
                <span className="visually-hidden"> certificate</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
