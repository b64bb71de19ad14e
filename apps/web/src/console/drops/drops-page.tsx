import { Link, useParams } from 'wouter';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { usePageTitle } from '../../ui/use-page-title';
import { useCollectiveDrops } from './drop-hooks';

export default function DropsPage() {
  const { collective } = useParams<{ collective: string }>();
  const drops = useCollectiveDrops(collective);
  usePageTitle('Drops');
  return (
    <section className="stack">
      <header className="row">
        <h1>Drops</h1>
        <Link className="button" href={`/collectives/${collective}/drops/new`}>
          Schedule a drop
        </Link>
      </header>
      {drops.isPending && <Loading label="Loading drops…" />}
      {drops.isError && <ErrorNotice error={drops.error} title="Drops could not be loaded" />}
      {drops.data && drops.data.drops.length === 0 && <p className="muted">No drops yet.</p>}
      {drops.data && drops.data.drops.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Drops table">
          <table>
            <caption className="visually-hidden">The collective&apos;s drops</caption>
            <thead>
              <tr>
                <th scope="col">Drop</th>
                <th scope="col">State</th>
                <th scope="col">Opens</th>
                <th scope="col">Left</th>
                <th scope="col">
                  <span className="visually-hidden">Views</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {drops.data.drops.map((drop) => (
                <tr key={drop.id}>
                  <td>
                    <Link href={`/collectives/${collective}/drops/${drop.id}`}>{drop.name}</Link>
                  </td>
                  <td>
                    <StateBadge state={drop.state} />
                  </td>
                  <td>{formatInstant(drop.startsAt)}</td>
                  <td>
                    {drop.remaining} of {drop.unitsOnSale}
                  </td>
                  <td className="row">
                    {drop.state !== 'draft' && (
                      <Link
                        href={`/collectives/${collective}/drops/${drop.id}/live`}
                        aria-label={`Live view of ${drop.name}`}
                      >
                        Live
                      </Link>
                    )}
                    <Link
                      href={`/collectives/${collective}/orders?dropId=${drop.id}`}
                      aria-label={`Orders of ${drop.name}`}
                    >
                      Orders
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
