import { Link, useParams } from 'wouter';
import { RequireSession } from '../../auth/require-session';
import { countryName } from '../../lib/countries';
import { formatDay, formatInstant, formatMoney, isLaterDay } from '../../lib/format';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { ORDER_STATUS_LABELS } from '../components/order-summary';
import { FULFILMENT_LABELS, fulfilmentSummary, trackingHref } from '../fulfilment';
import { type Order, useOrder } from '../hooks/orders';

/**
 * Paid → packed → shipped → delivered, each with when it happened (or not yet). A collective may
 * ship without marking the parcel packed first; a step passed over is left out rather than shown
 * as "not yet" under a later one that happened.
 */
function Progress({ order }: { order: Order }) {
  const f = order.fulfilment;
  const all: Array<{ label: string; at: string | null }> = [
    { label: 'Paid', at: order.paidAt ?? null },
    { label: FULFILMENT_LABELS.packed, at: f.packedAt },
    { label: FULFILMENT_LABELS.shipped, at: f.shippedAt },
    { label: FULFILMENT_LABELS.delivered, at: f.deliveredAt },
    ...(f.returnedAt ? [{ label: FULFILMENT_LABELS.returned, at: f.returnedAt }] : []),
  ];
  const steps = all.filter((step, i) => step.at || !all.slice(i + 1).some((later) => later.at));
  return (
    <ol className="progress">
      {steps.map((step) => (
        <li key={step.label} className={step.at ? 'done' : undefined}>
          <strong>{step.label}</strong>{' '}
          {step.at ? (
            <time dateTime={step.at}>{formatInstant(step.at)}</time>
          ) : (
            <span className="muted">not yet</span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Delivery({ order }: { order: Order }) {
  const f = order.fulfilment;
  const href = trackingHref(f);
  return (
    <section aria-labelledby="delivery-heading" className="card stack">
      <h2 id="delivery-heading">Delivery: {fulfilmentSummary(f)}</h2>
      {f.status === 'unfulfilled' && isLaterDay(f.expectedShipDate) && (
        <p>
          A pre-release: it leaves the warehouse from {formatDay(f.expectedShipDate)}, and we mail
          you the tracking when it does.
        </p>
      )}
      <Progress order={order} />
      {f.trackingNumber && (
        <dl className="amounts">
          {f.carrier && (
            <>
              <dt>Carrier</dt>
              <dd>{f.carrier}</dd>
            </>
          )}
          <dt>Tracking number</dt>
          <dd className="mono">{f.trackingNumber}</dd>
        </dl>
      )}
      {href && (
        <p>
          <a className="button" href={href} target="_blank" rel="noopener noreferrer">
            Track your parcel
            <span className="visually-hidden"> (opens the carrier’s site)</span>
          </a>
        </p>
      )}
    </section>
  );
}

function Address({ order }: { order: Order }) {
  const a = order.shipping.address;
  if (!a) return null;
  const town = [a.postalCode, a.city].filter(Boolean).join(' ');
  const lines = [a.name, a.line1, a.line2, town, a.state, countryName(a.country)].filter(Boolean);
  return (
    <section aria-labelledby="address-heading" className="card stack">
      <h2 id="address-heading">Ships to</h2>
      <address>
        {lines.map((line, i) => (
          <span key={i}>
            {line}
            <br />
          </span>
        ))}
      </address>
      {order.shipping.rateName && (
        <p className="muted">
          {order.shipping.rateName}
          {order.shipping.zoneName && ` (${order.shipping.zoneName})`}
        </p>
      )}
    </section>
  );
}

function Amounts({ order }: { order: Order }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const s = order.shipping;
  return (
    <section aria-labelledby="amounts-heading" className="card stack">
      <h2 id="amounts-heading">What you paid</h2>
      <dl className="amounts">
        <dt>
          Goods ({order.quantity} × {money(order.unitPriceMinor)})
        </dt>
        <dd>{money(order.amountMinor)}</dd>
        {s.shippingMinor !== null && (
          <>
            <dt>Shipping{s.rateName ? ` (${s.rateName})` : ''}</dt>
            <dd>{s.shippingMinor === 0 ? 'Free' : money(s.shippingMinor)}</dd>
          </>
        )}
        {s.taxMinor !== null && s.taxMinor > 0 && (
          <>
            <dt>Tax</dt>
            <dd>{money(s.taxMinor)}</dd>
          </>
        )}
        <dt className="total">Total</dt>
        <dd className="total">{money(s.totalMinor ?? order.amountMinor)}</dd>
      </dl>
    </section>
  );
}

function OrderView({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  usePageTitle(order.data ? `Order: ${order.data.item.title}` : 'Your order');
  if (order.isPending) return <Loading label="Loading your order…" />;
  if (order.isError)
    return <ErrorNotice error={order.error} title="This order could not be loaded" />;
  const o = order.data;
  return (
    <article className="page narrow stack">
      <header>
        <p className="eyebrow">
          <Link href={`/drop/${o.drop.id}`}>{o.drop.name}</Link>
        </p>
        <h1>
          {o.item.title} — {o.variant.label}
        </h1>
        <p className="muted">
          {ORDER_STATUS_LABELS[o.status] ?? o.status} · ordered {formatInstant(o.createdAt)} · order{' '}
          <span className="mono">{o.id}</span>
        </p>
      </header>
      {o.status === 'refunded' && (
        <Notice tone="warning" title="Refunded">
          <p>This order was refunded in full {formatInstant(o.refundedAt)}.</p>
        </Notice>
      )}
      {o.serials.length > 0 && (
        <section aria-labelledby="serials-heading" className="stack">
          <h2 id="serials-heading">Edition numbers</h2>
          <ul className="row plain-list">
            {o.serials.map((serial) => (
              <li key={serial.serial} className="badge">
                <Link href={`/certificates/${o.variant.id}/${serial.serial}`}>
                  {serial.label}
                  <span className="visually-hidden"> certificate</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(o.status === 'paid' || o.fulfilment.status !== 'unfulfilled') && <Delivery order={o} />}
      <Address order={o} />
      <Amounts order={o} />
      <p>
        <Link href="/account">All your orders</Link>
      </p>
    </article>
  );
}

export default function OrderPage() {
  const { orderId } = useParams<{ orderId: string }>();
  return (
    <RequireSession>
      <OrderView orderId={orderId} />
    </RequireSession>
  );
}
