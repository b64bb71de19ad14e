import { useLiveDrop } from '../../storefront/hooks/drops';
import { ErrorNotice, Loading } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { useCollectiveDrop } from './drop-hooks';

/**
 * A drop as it sells: per line allocated / held / sold / available, from the drop's live stream
 * (the same events fans' pages receive, written into the query cache), starting from the
 * counters the console read. Reusable by the admin monitor: it needs only the collective and
 * the drop.
 */
export function LiveDropView({ collective, dropId }: { collective: string; dropId: string }) {
  const drop = useCollectiveDrop(collective, dropId);
  const live = useLiveDrop(dropId);
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
        <StateBadge state={live.state ?? d.state} />
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
    </section>
  );
}
