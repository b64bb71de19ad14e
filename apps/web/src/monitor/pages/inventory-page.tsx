import { useState } from 'react';
import { Link } from 'wouter';
import { formatInstant } from '../../lib/format';
import { type Column, DataTable, type SortState } from '../../ui/data-table';
import { StateBadge } from '../../ui/state-badge';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { Figure } from '../components/figure';
import { LiveStatus } from '../components/live-status';
import { percent, sellThrough, worstDrift } from '../figures';
import { type MonitorDrop, useMonitorDrops } from '../hooks/monitor';
import { useMonitorLive } from '../monitor-live';

/** Where a drop is in its life, for sorting: live first, then upcoming, then finished. */
const STATE_ORDER: Record<string, number> = {
  live: 0,
  early_access: 1,
  scheduled: 2,
  sold_out: 3,
  closed: 4,
  cancelled: 5,
};

const columns: Column<MonitorDrop>[] = [
  {
    key: 'drop',
    header: 'Drop',
    sortValue: (d) => d.name,
    cell: (d) => (
      <span>
        <Link href={`/drops/${d.id}`}>{d.name}</Link>
        <br />
        <span className="muted">{d.collectiveName}</span>
      </span>
    ),
  },
  {
    key: 'state',
    header: 'State',
    sortValue: (d) => STATE_ORDER[d.state] ?? 9,
    cell: (d) => <StateBadge state={d.state} />,
  },
  {
    key: 'opens',
    header: 'Opens',
    sortValue: (d) => Date.parse(d.startsAt),
    cell: (d) => formatInstant(d.startsAt),
  },
  { key: 'allocated', header: 'Allocated', numeric: true, cell: (d) => d.allocated },
  { key: 'held', header: 'Held', numeric: true, sortValue: (d) => d.held, cell: (d) => d.held },
  { key: 'sold', header: 'Sold', numeric: true, sortValue: (d) => d.sold, cell: (d) => d.sold },
  {
    key: 'available',
    header: 'Available',
    numeric: true,
    sortValue: (d) => d.available,
    cell: (d) => d.available,
  },
  {
    key: 'sell-through',
    header: 'Sell-through',
    numeric: true,
    sortValue: sellThrough,
    cell: (d) => percent(sellThrough(d)),
  },
  {
    key: 'drift',
    header: 'Gate drift',
    numeric: true,
    sortValue: worstDrift,
    cell: (d) =>
      !d.gateReady ? (
        <span className="muted">No gate</span>
      ) : d.driftingLines > 0 ? (
        <span className="drift">
          {worstDrift(d)} units on {d.driftingLines} line{d.driftingLines === 1 ? '' : 's'}
        </span>
      ) : (
        'None'
      ),
  },
];

export default function InventoryPage() {
  usePageTitle('Inventory · Monitor');
  const drops = useMonitorDrops();
  const { connected } = useMonitorLive();
  const [sort, setSort] = useState<SortState>({ column: 'state', direction: 'ascending' });
  return (
    <section className="stack" aria-labelledby="inventory-heading">
      <h1 id="inventory-heading">Live inventory</h1>
      <LiveStatus connected={connected} />
      {drops.data ? (
        <>
          {drops.isError && (
            <Notice tone="warning" title="The gate figures could not be re-read">
              <p>Counters still follow the stream; drift is as of the last good read.</p>
            </Notice>
          )}
          <dl className="figures" aria-label="All drops together">
            <Figure label="Drops" value={drops.data.drops.length} />
            <Figure label="Held" value={drops.data.drops.reduce((n, d) => n + d.held, 0)} />
            <Figure label="Sold" value={drops.data.drops.reduce((n, d) => n + d.sold, 0)} />
            <Figure
              label="Drifting drops"
              value={drops.data.drops.filter((d) => d.driftingLines > 0).length}
            />
          </dl>
          <DataTable
            caption="Scheduled and live drops"
            columns={columns}
            rows={drops.data.drops}
            rowKey={(d) => d.id}
            sort={sort}
            onSort={setSort}
            empty="No drop is scheduled or live."
          />
        </>
      ) : drops.isError ? (
        <ErrorNotice error={drops.error} title="Drops could not be loaded" />
      ) : (
        <Loading label="Loading drops…" />
      )}
    </section>
  );
}
