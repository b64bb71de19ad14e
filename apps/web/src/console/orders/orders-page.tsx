import { useState } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { DROP_STATE_LABELS, formatInstant, formatMoney } from '../../lib/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useCollectiveDrops } from '../drops/drop-hooks';
import { fulfilmentText } from '../fulfilment/ship-dates';
import { downloadPaidOrdersCsv, type OrderFilters, useCollectiveOrders } from './order-hooks';

const STATUSES = [
  'awaiting_payment',
  'awaiting_async_payment',
  'paid',
  'payment_failed',
  'expired',
  'refund_pending',
  'refunded',
  'refund_failed',
] as const;
const statusLabel = (status: string) => status.replace(/_/g, ' ');
/** A `date` input's day as the instant its local midnight is. */
const dayStart = (day: string, offsetDays = 0): string | undefined => {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00`);
  date.setDate(date.getDate() + offsetDays);
  return date.toISOString();
};
const PAGE_SIZE = 20;

export default function OrdersPage() {
  const { collective } = useParams<{ collective: string }>();
  const search = new URLSearchParams(useSearch());
  const [dropId, setDropId] = useState(search.get('dropId') ?? '');
  const [status, setStatus] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<unknown>();
  usePageTitle('Orders');
  const drops = useCollectiveDrops(collective);
  const filters: OrderFilters = {
    page,
    pageSize: PAGE_SIZE,
    ...(dropId ? { dropId } : {}),
    ...(status ? { status: status as OrderFilters['status'] } : {}),
    ...(fromDay ? { from: dayStart(fromDay) } : {}),
    // "To" is inclusive of its whole day.
    ...(toDay ? { to: dayStart(toDay, 1) } : {}),
  };
  const orders = useCollectiveOrders(collective, filters);
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / PAGE_SIZE)) : 1;
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <section className="stack">
      <h1>Orders</h1>
      <form className="row filters" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="orders-drop">Drop</label>
          <select
            id="orders-drop"
            value={dropId}
            onChange={(e) => filter(() => setDropId(e.target.value))}
          >
            <option value="">All drops</option>
            {drops.data?.drops.map((drop) => (
              <option key={drop.id} value={drop.id}>
                {drop.name} ({DROP_STATE_LABELS[drop.state] ?? drop.state})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-status">Status</label>
          <select
            id="orders-status"
            value={status}
            onChange={(e) => filter(() => setStatus(e.target.value))}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-from">From</label>
          <input
            id="orders-from"
            type="date"
            value={fromDay}
            onChange={(e) => filter(() => setFromDay(e.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor="orders-to">To</label>
          <input
            id="orders-to"
            type="date"
            value={toDay}
            onChange={(e) => filter(() => setToDay(e.target.value))}
          />
        </div>
      </form>
      {dropId && (
        <p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setExportError(undefined);
              downloadPaidOrdersCsv(collective, dropId).catch(setExportError);
            }}
          >
            Download paid orders (CSV)
          </button>
        </p>
      )}
      {exportError !== undefined && (
        <ErrorNotice error={exportError} title="The export could not be downloaded" />
      )}
      {orders.isPending && <Loading label="Loading orders…" />}
      {orders.isError && <ErrorNotice error={orders.error} title="Orders could not be loaded" />}
      {orders.data && (
        <>
          <p className="muted" role="status">
            {orders.data.total} {orders.data.total === 1 ? 'order' : 'orders'}
          </p>
          {orders.data.orders.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Orders table">
              <table>
                <caption className="visually-hidden">Orders matching the filters</caption>
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Buyer</th>
                    <th scope="col">What</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">Fulfilment</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {orders.data.orders.map((order) => (
                    <tr key={order.id}>
                      <td>
                        <Link
                          href={`/collectives/${collective}/orders/${order.id}`}
                          aria-label={`Order ${order.id.slice(0, 8)} by ${order.buyer.displayName}`}
                        >
                          {order.id.slice(0, 8)}
                        </Link>
                      </td>
                      <td>
                        {order.buyer.displayName}
                        <br />
                        <span className="muted">{order.buyer.email}</span>
                      </td>
                      <td>
                        {order.quantity} × {order.item.title} — {order.variant.label}
                        <br />
                        <span className="muted">{order.drop.name}</span>
                      </td>
                      <td>{formatMoney(order.amountMinor, order.currency)}</td>
                      <td>{statusLabel(order.status)}</td>
                      <td>{fulfilmentText(order)}</td>
                      <td>{formatInstant(order.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav className="row" aria-label="Pages">
              <button
                type="button"
                className="button secondary"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
              >
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button
                type="button"
                className="button secondary"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
