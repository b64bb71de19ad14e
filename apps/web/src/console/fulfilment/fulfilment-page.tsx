import { useState } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { DROP_STATE_LABELS } from '../../lib/format';
import { DataTable, type Column } from '../../ui/data-table';
import { pageSummary, Pager } from '../../ui/pager';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useCollectiveDrops } from '../drops/drop-hooks';
import { type ConsoleOrder, type OrderFilters, useCollectiveOrders } from '../orders/order-hooks';
import { FulfilmentActions, NEXT } from './fulfilment-actions';
import { FULFILMENT_LABELS, type FulfilmentTarget } from './fulfilment-hooks';
import { PackingDownloads } from './packing-downloads';
import { fulfilmentText } from './ship-dates';

const PAGE_SIZE = 50;
const STATES = ['unfulfilled', 'packed', 'shipped', 'delivered', 'returned'] as const;
type State = (typeof STATES)[number];

/**
 * Paid orders by fulfilment state, per drop or for the whole collective: select many (or every
 * order on the page) and move them forward in one request; the drop's packing files.
 */
export default function FulfilmentPage() {
  const { collective } = useParams<{ collective: string }>();
  const search = new URLSearchParams(useSearch());
  const [dropId, setDropId] = useState(search.get('dropId') ?? '');
  const [state, setState] = useState<State>('unfulfilled');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [tracking, setTracking] = useState<Record<string, string>>({});
  const [chosenTarget, setChosenTarget] = useState<FulfilmentTarget>();
  usePageTitle('Fulfilment');
  const drops = useCollectiveDrops(collective);
  const filters: OrderFilters = {
    page,
    pageSize: PAGE_SIZE,
    fulfilmentStatus: state,
    // A returned parcel may be refunded since; every other state is of paid orders only.
    ...(state === 'returned' ? {} : { status: 'paid' as const }),
    ...(dropId ? { dropId } : {}),
  };
  const orders = useCollectiveOrders(collective, filters);
  const targets = NEXT[state] ?? [];
  const target = chosenTarget && targets.includes(chosenTarget) ? chosenTarget : targets[0];
  const askTracking = target === 'shipped';
  const rows = orders.data?.orders ?? [];
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
    setSelected(new Set());
  };
  const turnTo = (next: number) => {
    setPage(next);
    setSelected(new Set());
  };
  const toggle = (orderId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(orderId);
      else next.delete(orderId);
      return next;
    });

  const columns: Column<ConsoleOrder>[] = [
    {
      key: 'select',
      header: 'Select',
      cell: (order) => (
        <input
          type="checkbox"
          className="row-select"
          aria-label={`Select order ${order.id.slice(0, 8)} (${order.buyer.displayName})`}
          checked={selected.has(order.id)}
          onChange={(e) => toggle(order.id, e.target.checked)}
        />
      ),
    },
    {
      key: 'order',
      header: 'Order',
      cell: (order) => (
        <Link
          href={`/collectives/${collective}/orders/${order.id}`}
          aria-label={`Order ${order.id.slice(0, 8)} by ${order.buyer.displayName}`}
        >
          {order.id.slice(0, 8)}
        </Link>
      ),
    },
    {
      key: 'to',
      header: 'Ship to',
      cell: (order) => {
        const address = order.shipping.address;
        return address ? (
          <span>
            {address.name}
            <br />
            <span className="muted">
              {[address.city, address.country].filter(Boolean).join(', ')}
            </span>
          </span>
        ) : (
          <span className="muted">No address ({order.buyer.displayName})</span>
        );
      },
    },
    {
      key: 'what',
      header: 'What',
      cell: (order) => (
        <span>
          {order.quantity} × {order.item.title} — {order.variant.label}
          {order.serials.length > 0 && (
            <>
              <br />
              <span className="muted">{order.serials.map((s) => s.label).join(', ')}</span>
            </>
          )}
        </span>
      ),
    },
    {
      key: 'rate',
      header: 'Shipping',
      cell: (order) =>
        order.shipping.rateName ? `${order.shipping.rateName} (${order.shipping.zoneName})` : '—',
    },
    {
      key: 'state',
      header: 'State',
      cell: (order) => <span>{fulfilmentText(order)}</span>,
    },
  ];
  if (askTracking) {
    columns.push({
      key: 'tracking',
      header: 'Tracking number',
      cell: (order) =>
        selected.has(order.id) ? (
          <input
            className="table-input"
            aria-label={`Tracking number for order ${order.id.slice(0, 8)}`}
            maxLength={100}
            value={tracking[order.id] ?? ''}
            onChange={(e) => setTracking({ ...tracking, [order.id]: e.target.value })}
          />
        ) : (
          <span className="muted">—</span>
        ),
    });
  }

  return (
    <section className="stack">
      <h1>Fulfilment</h1>
      <p className="muted">
        Paid orders by where their parcel is: pack them, ship them with tracking (the fan is mailed
        once, with the link) and mark them delivered. Moves go forward only.
      </p>
      <form className="filters" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Drop"
          value={dropId}
          onChange={(e) => filter(() => setDropId(e.target.value))}
          choices={[
            { value: '', label: 'All drops' },
            ...(drops.data?.drops ?? []).map((drop) => ({
              value: drop.id,
              label: `${drop.name} (${DROP_STATE_LABELS[drop.state] ?? drop.state})`,
            })),
          ]}
        />
        <SelectField
          label="Fulfilment state"
          value={state}
          onChange={(e) => filter(() => setState(e.target.value as State))}
          choices={STATES.map((s) => ({ value: s, label: FULFILMENT_LABELS[s] }))}
        />
      </form>
      {dropId && <PackingDownloads collective={collective} dropId={dropId} />}
      {orders.isPending && <Loading label="Loading orders…" />}
      {orders.isError && <ErrorNotice error={orders.error} title="Orders could not be loaded" />}
      {orders.data && (
        <>
          <p className="muted" role="status">
            {orders.data.total} {FULFILMENT_LABELS[state].toLowerCase()}{' '}
            {orders.data.total === 1 ? 'order' : 'orders'}
          </p>
          {target && (
            <FulfilmentActions
              key={state}
              collective={collective}
              from={state}
              target={target}
              orders={rows}
              selected={selected}
              tracking={tracking}
              onSelect={setSelected}
              onTargetChange={setChosenTarget}
              onDone={() => {
                setSelected(new Set());
                setTracking({});
              }}
            />
          )}
          <DataTable
            caption={`${FULFILMENT_LABELS[state]} orders`}
            columns={columns}
            rows={rows}
            rowKey={(order) => order.id}
            empty={`No ${FULFILMENT_LABELS[state].toLowerCase()} orders here.`}
          />
          {(orders.data.total > PAGE_SIZE || page > 1) && (
            <Pager
              label="Pages of orders"
              summary={pageSummary((page - 1) * PAGE_SIZE, rows.length, orders.data.total)}
              hasPrevious={page > 1}
              hasNext={page * PAGE_SIZE < orders.data.total}
              onPrevious={() => turnTo(page - 1)}
              onNext={() => turnTo(page + 1)}
            />
          )}
        </>
      )}
    </section>
  );
}
