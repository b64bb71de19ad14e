import { Link } from 'wouter';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { useMyHolds, useMyRaffleEntries, useMyWaitlists } from '../hooks/account';

type HoldStatus = 'active' | 'released' | 'expired' | 'converted';

/** A hold's status in a fan's words: "converted" means it became an order. */
const HOLD_STATUS: Record<HoldStatus, string> = {
  active: 'Held',
  converted: 'Paid',
  released: 'Given back',
  expired: 'Expired',
};

function Holds() {
  const holds = useMyHolds();
  if (holds.isPending) return <Loading label="Loading your holds…" />;
  if (holds.isError) return <ErrorNotice error={holds.error} title="Holds could not be loaded" />;
  if (holds.data.holds.length === 0) return <p>No holds.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">My holds</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Drop</th>
            <th scope="col">Status</th>
            <th scope="col">Held until</th>
          </tr>
        </thead>
        <tbody>
          {holds.data.holds.map((hold) => (
            <tr key={hold.holdId}>
              <td>
                {hold.status === 'active' ? (
                  <Link href={`/drop/${hold.dropId}/holds/${hold.holdId}`}>
                    {hold.itemTitle} — {hold.variantLabel} × {hold.quantity}
                  </Link>
                ) : (
                  `${hold.itemTitle} — ${hold.variantLabel} × ${hold.quantity}`
                )}
              </td>
              <td>{hold.dropName}</td>
              <td>{HOLD_STATUS[hold.status]}</td>
              {/* Only a live hold has a deadline; an ended one's expiry says nothing. */}
              <td>{hold.status === 'active' ? formatInstant(hold.expiresAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RaffleEntries() {
  const entries = useMyRaffleEntries();
  if (entries.isPending) return <Loading label="Loading your raffle entries…" />;
  if (entries.isError)
    return <ErrorNotice error={entries.error} title="Raffle entries could not be loaded" />;
  if (entries.data.entries.length === 0) return <p>No raffle entries.</p>;
  return (
    <ul className="stack plain-list">
      {entries.data.entries.map((entry) => (
        <li key={entry.entryId} className="card">
          <p>
            <strong>{entry.wanted}</strong> · {entry.dropName}
          </p>
          <p>
            {entry.status}
            {entry.rank ? ` · drawn number ${entry.rank}` : ''}
            {entry.holdId && (
              <>
                {' · '}
                <Link href={`/drop/${entry.dropId}/holds/${entry.holdId}`}>pay for your unit</Link>
              </>
            )}
            {' · '}
            <Link href={`/fairness/${entry.dropId}`}>Check the draw</Link>
          </p>
        </li>
      ))}
    </ul>
  );
}

function Waitlists() {
  const waitlists = useMyWaitlists();
  if (waitlists.isPending) return <Loading label="Loading your waitlists…" />;
  if (waitlists.isError)
    return <ErrorNotice error={waitlists.error} title="Waitlists could not be loaded" />;
  if (waitlists.data.waitlists.length === 0) return <p>No waitlists.</p>;
  return (
    <ul className="stack plain-list">
      {waitlists.data.waitlists.map((entry) => (
        <li key={entry.dropId} className="card">
          <p>
            <Link href={`/drop/${entry.dropId}`}>{entry.dropName}</Link>
            {entry.wanted ? ` · ${entry.wanted}` : ' · any variant'} · {entry.status}
            {entry.offerHoldId && (
              <>
                {' · '}
                <Link href={`/drop/${entry.dropId}/holds/${entry.offerHoldId}`}>
                  a unit is held for you
                </Link>
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The account's holds, raffle entries (with results) and waitlists. */
export function MyEntries() {
  return (
    <>
      <section aria-labelledby="holds-heading" className="stack">
        <h2 id="holds-heading">My holds</h2>
        <Holds />
      </section>
      <section aria-labelledby="raffles-heading" className="stack">
        <h2 id="raffles-heading">My raffle entries</h2>
        <RaffleEntries />
      </section>
      <section aria-labelledby="waitlists-heading" className="stack">
        <h2 id="waitlists-heading">My waitlists</h2>
        <Waitlists />
      </section>
    </>
  );
}
