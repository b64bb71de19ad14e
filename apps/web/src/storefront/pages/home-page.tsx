import { Link } from 'wouter';
import { formatInstant, RELEASE_MODE_LABELS } from '../../lib/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { usePageTitle } from '../../ui/use-page-title';
import { useDrops, type PublicDropSummary } from '../hooks/drops';

function DropCard({ drop }: { drop: PublicDropSummary }) {
  const opensLater = drop.state === 'scheduled';
  return (
    <li className="card">
      <p className="eyebrow">{drop.collective.name}</p>
      <h2>
        <Link href={`/drop/${drop.id}`}>{drop.name}</Link>
      </h2>
      <p className="row">
        <StateBadge state={drop.state} />
        <span className="muted">{RELEASE_MODE_LABELS[drop.releaseMode]}</span>
      </p>
      <p>
        {opensLater ? 'Opens' : 'Opened'}{' '}
        <time dateTime={drop.startsAt}>{formatInstant(drop.startsAt)}</time>
      </p>
      <p>
        {drop.kinds.join(' and ')} · {drop.remaining} of {drop.unitsOnSale} left
      </p>
    </li>
  );
}

export default function HomePage() {
  usePageTitle(undefined);
  const drops = useDrops();
  const all = drops.data?.drops ?? [];
  const live = all.filter((drop) => drop.state !== 'scheduled');
  const upcoming = all.filter((drop) => drop.state === 'scheduled');
  return (
    <div className="stack">
      <h1>Drops</h1>
      <p className="muted">
        Limited runs from independent labels. Every unit is numbered against a fixed edition;
        counters are live.
      </p>
      {drops.isPending && <Loading label="Loading drops…" />}
      {drops.isError && <ErrorNotice error={drops.error} title="Drops could not be loaded" />}
      {drops.isSuccess && all.length === 0 && <p>No drops are scheduled right now.</p>}
      {live.length > 0 && (
        <section aria-labelledby="live-heading" className="stack">
          <h2 id="live-heading">On now</h2>
          <ul className="card-grid">
            {live.map((drop) => (
              <DropCard key={drop.id} drop={drop} />
            ))}
          </ul>
        </section>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-heading" className="stack">
          <h2 id="upcoming-heading">Coming up</h2>
          <ul className="card-grid">
            {upcoming.map((drop) => (
              <DropCard key={drop.id} drop={drop} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
