import { useLiveDrop } from '../../storefront/hooks/drops';
import { ErrorNotice, Loading } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { formatInstant } from '../../lib/format';
import { type DropMonitor, useCollectiveDrop, useDropMonitor } from './drop-hooks';
import { HoldsAndSalesChart } from './holds-and-sales-chart';

/**
 * A drop as it sells: per line allocated / held / sold / available, from the drop's live stream
 * (the same events fans' pages receive, written into the query cache), starting from the
 * counters the console read. Reusable by the admin monitor: it needs only the collective and
 * the drop.
 */
export function LiveDropView({ collective, dropId }: { collective: string; dropId: string }) {
  const drop = useCollectiveDrop(collective, dropId);
  const live = useLiveDrop(dropId);
  const state = live.state ?? drop.data?.state;
  const monitor = useDropMonitor(collective, dropId, state === 'live' || state === 'scheduled');
  if (drop.isPending) return <Loading label="Loading the drop…" />;
  if (drop.isError) return <ErrorNotice error={drop.error} title="This drop could not be loaded" />;
  const d = drop.data;
  const rows = d.lines.map((line) => {
    const counters = live.counters[line.variant.id];
    return {
      id: line.variant.id,
      name: `${line.item.title} — ${line.variant.label}`,
      allocated: counters?.allocated ?? line.allocated,
      held: counters?.held ?? line.held,
      sold: counters?.sold ?? line.sold,
      available: counters?.available ?? line.remaining,
    };
  });
  const total = rows.reduce(
    (sum, row) => ({
      allocated: sum.allocated + row.allocated,
      held: sum.held + row.held,
      sold: sum.sold + row.sold,
      available: sum.available + row.available,
    }),
    { allocated: 0, held: 0, sold: 0, available: 0 },
  );
  return (
    <section className="stack" aria-labelledby="live-heading">
      <header className="row">
        <h2 id="live-heading">Lines</h2>
        <StateBadge state={state ?? d.state} />
        <span className="muted" role="status">
          {live.connected ? 'Receiving live updates' : 'Connecting to the live stream…'}
        </span>
      </header>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Lines table">
        <table>
          <caption className="visually-hidden">Units per line, updated live</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Allocated</th>
              <th scope="col">Held</th>
              <th scope="col">Sold</th>
              <th scope="col">Available</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {rows.map((row) => (
              <tr key={row.id} data-variant={row.id}>
                <th scope="row">{row.name}</th>
                <td>{row.allocated}</td>
                <td>{row.held}</td>
                <td>{row.sold}</td>
                <td>{row.available}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All lines</th>
              <td>{total.allocated}</td>
              <td>{total.held}</td>
              <td>{total.sold}</td>
              <td>{total.available}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {monitor.isError && (
        <ErrorNotice error={monitor.error} title="The drop's figures could not be loaded" />
      )}
      {monitor.data && <MonitorFigures figures={monitor.data} names={rows} />}
    </section>
  );
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function MonitorFigures({
  figures,
  names,
}: {
  figures: DropMonitor;
  names: Array<{ id: string; name: string }>;
}) {
  const nameOf = (variantId: string) => names.find((n) => n.id === variantId)?.name ?? variantId;
  const { expiring, waitingRoom, raffle, series } = figures;
  return (
    <div className="card-grid">
      <section className="card stack" aria-labelledby="expiring-heading">
        <h2 id="expiring-heading">
          Holds expiring in the next {expiring.withinSeconds / 60} minutes
        </h2>
        <p>
          {count(expiring.holds, 'hold')}, {count(expiring.units, 'unit')}
          {expiring.overdueHolds > 0 && ` (${expiring.overdueHolds} past their expiry)`}
        </p>
        {expiring.soonest.length > 0 && (
          <ul aria-label="Soonest to expire">
            {expiring.soonest.slice(0, 5).map((hold) => (
              <li key={hold.holdId}>
                {hold.quantity} × {nameOf(hold.variantId)} at{' '}
                <time dateTime={hold.expiresAt}>{formatInstant(hold.expiresAt)}</time>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="room-heading">
        <h2 id="room-heading">Waiting room</h2>
        {waitingRoom ? (
          <p>
            {waitingRoom.waiting} waiting, {waitingRoom.preQueued} queued before the opening;
            admitting {waitingRoom.admissionRatePerSecond.toFixed(1)} per second (
            {waitingRoom.admittedTotal} so far)
          </p>
        ) : (
          <p className="muted">No waiting room for this drop.</p>
        )}
      </section>
      {raffle && (
        <section className="card stack" aria-labelledby="raffle-heading">
          <h2 id="raffle-heading">Raffle entries</h2>
          <ul aria-label="Entries against units per variant">
            {raffle.map((line) => (
              <li key={line.variantId}>
                {nameOf(line.variantId)}: {line.entries} entries for {line.units} units, odds{' '}
                {Math.round(line.odds * 100)}%
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card stack chart-card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">Holds and sales per second</h2>
        {series.points.length === 0 ? (
          <p className="muted">Nothing held or sold yet.</p>
        ) : (
          <HoldsAndSalesChart from={series.from} points={series.points} />
        )}
      </section>
    </div>
  );
}
