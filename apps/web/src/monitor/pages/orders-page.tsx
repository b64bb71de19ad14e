import { formatInstant, formatMoney } from '../../lib/format';
import { type Column, DataTable } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { pageSummary, Pager } from '../../ui/pager';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useAdminCollectives } from '../hooks/collectives';
import {
  type AdminOrder,
  ORDER_STATUS_LABELS,
  type OrderFilters,
  ORDERS_PAGE_SIZE,
  useAdminOrders,
} from '../hooks/orders';
import { useFilters } from '../use-filters';

const columns: Column<AdminOrder>[] = [
  { key: 'created', header: 'Created', cell: (o) => formatInstant(o.createdAt) },
  { key: 'collective', header: 'Collective', cell: (o) => o.collective.name },
  { key: 'drop', header: 'Drop', cell: (o) => o.drop.name },
  {
    key: 'item',
    header: 'Item',
    cell: (o) => (
      <span>
        {o.item.title}, {o.variant.label} × {o.quantity}
        {o.serials.length > 0 && (
          <>
            <br />
            <span className="muted">{o.serials.map((s) => s.label).join(', ')}</span>
          </>
        )}
      </span>
    ),
  },
  { key: 'buyer', header: 'Buyer', cell: (o) => <span className="mono">{o.buyer.email}</span> },
  {
    key: 'amount',
    header: 'Amount',
    numeric: true,
    cell: (o) => formatMoney(o.amountMinor, o.currency),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (o) => (
      <span className={`badge badge-order-${o.status}`}>{ORDER_STATUS_LABELS[o.status]}</span>
    ),
  },
];

/** A date field's `2026-12-07` as the start of that day, UTC. */
const dayStart = (day: string): string | undefined => (day ? `${day}T00:00:00Z` : undefined);
/** …and `to` as the start of the next day, so the day itself is included. */
const dayAfter = (day: string): string | undefined => {
  if (!day) return undefined;
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().replace('.000Z', 'Z');
};

const STATUS_CHOICES = [
  { value: '', label: 'Any status' },
  ...Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

export default function OrdersPage() {
  usePageTitle('Orders · Monitor');
  const filters = useFilters(['collectiveId', 'dropId', 'status', 'fromDay', 'toDay'] as const);
  const collectives = useAdminCollectives(0, 100);
  const { fromDay, toDay, ...rest } = filters.values;
  const query: OrderFilters = {
    collectiveId: rest.collectiveId || undefined,
    dropId: rest.dropId || undefined,
    status: (rest.status || undefined) as OrderFilters['status'],
    from: dayStart(fromDay),
    to: dayAfter(toDay),
  };
  const page = Math.floor(filters.offset / ORDERS_PAGE_SIZE) + 1;
  const orders = useAdminOrders(query, page);
  return (
    <section className="stack" aria-labelledby="orders-heading">
      <h1 id="orders-heading">Orders</h1>
      <p className="muted">Every collective's orders, newest first. Days are in UTC.</p>
      <form role="search" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <SelectField
            label="Collective"
            value={filters.values.collectiveId}
            onChange={(e) => filters.setFilter('collectiveId', e.currentTarget.value)}
            choices={[
              { value: '', label: 'Every collective' },
              ...(collectives.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <SelectField
            label="Status"
            value={filters.values.status}
            onChange={(e) => filters.setFilter('status', e.currentTarget.value)}
            choices={STATUS_CHOICES}
          />
          <Field
            key={`drop-${filters.values.dropId}`}
            label="Drop id"
            defaultValue={filters.values.dropId}
            onBlur={(e) => filters.setFilter('dropId', e.currentTarget.value.trim())}
          />
          <Field
            label="From (day)"
            type="date"
            value={fromDay}
            onChange={(e) => filters.setFilter('fromDay', e.currentTarget.value)}
          />
          <Field
            label="To (day)"
            type="date"
            value={toDay}
            onChange={(e) => filters.setFilter('toDay', e.currentTarget.value)}
          />
        </fieldset>
      </form>
      {orders.isPending ? (
        <Loading label="Loading orders…" />
      ) : orders.isError ? (
        <ErrorNotice error={orders.error} title="Orders could not be loaded" />
      ) : (
        <>
          <DataTable
            caption="Orders"
            columns={columns}
            rows={orders.data.orders}
            rowKey={(o) => o.id}
            empty="No order matches these filters."
          />
          <Pager
            label="Orders pages"
            summary={pageSummary(filters.offset, orders.data.orders.length, orders.data.total)}
            hasPrevious={filters.offset > 0}
            hasNext={filters.offset + orders.data.orders.length < orders.data.total}
            onPrevious={() =>
              filters.setPage('offset', Math.max(0, filters.offset - ORDERS_PAGE_SIZE))
            }
            onNext={() => filters.setPage('offset', filters.offset + ORDERS_PAGE_SIZE)}
          />
        </>
      )}
    </section>
  );
}
