import { Link } from 'wouter';
import { isApiError } from '../../api/api-error';
import { formatInstant, RELEASE_MODE_LABELS } from '../../lib/format';
import { type Column, DataTable } from '../../ui/data-table';
import { StateBadge } from '../../ui/state-badge';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { Figure } from '../components/figure';
import { LiveStatus } from '../components/live-status';
import { percent, sellThrough } from '../figures';
import {
  DETAIL_REFRESH_MS,
  type MonitorDropDetail,
  type MonitorLine,
  useMonitorDrop,
} from '../hooks/monitor';
import { useMonitorLive } from '../monitor-live';

type ExpiringHold = MonitorDropDetail['expiring']['soonest'][number];

const lineColumns: Column<MonitorLine>[] = [
  {
    key: 'line',
    header: 'Line',
    cell: (l) => (
      <span>
        {l.label}
        <br />
        <span className="mono muted">{l.sku}</span>
      </span>
    ),
  },
  { key: 'allocated', header: 'Allocated', numeric: true, cell: (l) => l.allocated },
  { key: 'held', header: 'Held', numeric: true, cell: (l) => l.held },
  { key: 'sold', header: 'Sold', numeric: true, cell: (l) => l.sold },
  { key: 'available', header: 'Available', numeric: true, cell: (l) => l.available },
  {
    key: 'gate',
    header: 'Gate says',
    numeric: true,
    cell: (l) => (l.gateAvailable === null ? '—' : l.gateAvailable),
  },
  {
    key: 'drift',
    header: 'Drift',
    numeric: true,
    cell: (l) =>
      l.drift === null ? (
        '—'
      ) : l.drift === 0 ? (
        'None'
      ) : (
        <span className="drift">
          {l.drift > 0 ? `+${l.drift}` : l.drift}
          {l.driftAgeSeconds !== null && ` for ${l.driftAgeSeconds} s`}
        </span>
      ),
  },
];

function holdColumns(lines: MonitorLine[]): Column<ExpiringHold>[] {
  const label = (variantId: string) =>
    lines.find((l) => l.variantId === variantId)?.label ?? variantId;
  return [
    { key: 'hold', header: 'Hold', cell: (h) => <span className="mono">{h.holdId}</span> },
    { key: 'line', header: 'Line', cell: (h) => label(h.variantId) },
    { key: 'quantity', header: 'Units', numeric: true, cell: (h) => h.quantity },
    { key: 'expires', header: 'Expires', cell: (h) => formatInstant(h.expiresAt) },
  ];
}

function DropDetail({ drop }: { drop: MonitorDropDetail }) {
  const { connected } = useMonitorLive();
  const consoleLive = `~/console/collectives/${drop.collectiveId}/drops/${drop.id}/live`;
  return (
    <div className="stack">
      <p className="eyebrow">
        <Link href="/">Live inventory</Link> › {drop.collectiveName}
      </p>
      <h1 id="drop-heading">{drop.name}</h1>
      <p className="row">
        <StateBadge state={drop.state} />
        <span>{RELEASE_MODE_LABELS[drop.releaseMode] ?? drop.releaseMode}</span>
        <span className="muted">Opens {formatInstant(drop.startsAt)}</span>
        {drop.endsAt && <span className="muted">Ends {formatInstant(drop.endsAt)}</span>}
      </p>
      <p>
        <Link href={consoleLive}>Open {drop.collectiveName}'s live view in the console</Link>
      </p>
      <LiveStatus connected={connected} />
      <dl className="figures" aria-label="The drop in figures">
        <Figure label="Allocated" value={drop.allocated} />
        <Figure label="Held" value={drop.held} />
        <Figure label="Sold" value={drop.sold} />
        <Figure label="Available" value={drop.available} />
        <Figure label="Sell-through" value={percent(sellThrough(drop))} />
      </dl>
      {!drop.gateReady && (
        <Notice tone="info" title="No admission gate yet">
          <p>The Redis gate is built when the drop opens; drift is measured against it then.</p>
        </Notice>
      )}
      {drop.driftingLines > 0 && (
        <Notice tone="danger" title="The gate disagrees with Postgres">
          <p>
            {drop.driftingLines} line{drop.driftingLines === 1 ? '' : 's'} drift; reconciliation
            rebuilds the gate in the safe direction and raises an anomaly if it lasts.
          </p>
        </Notice>
      )}
      <section aria-labelledby="lines-heading" className="stack">
        <h2 id="lines-heading">Lines</h2>
        <DataTable
          caption="Lines of this drop"
          columns={lineColumns}
          rows={drop.lines}
          rowKey={(l) => l.variantId}
        />
        <p className="muted">
          Held, sold and available move live; the gate's figures and drift are read again every{' '}
          {DETAIL_REFRESH_MS / 1000} seconds, so right after a hold the gate can show it a moment
          later.
        </p>
      </section>
      <section aria-labelledby="holds-heading" className="stack">
        <h2 id="holds-heading">Holds expiring soon</h2>
        <p>
          {drop.expiring.holds} hold{drop.expiring.holds === 1 ? '' : 's'} ({drop.expiring.units}{' '}
          units) expire within {Math.round(drop.expiring.withinSeconds / 60)} minutes.
          {drop.expiring.overdueHolds > 0 && (
            <strong className="drift"> {drop.expiring.overdueHolds} are past their expiry.</strong>
          )}
        </p>
        <DataTable
          caption="Holds expiring soonest"
          columns={holdColumns(drop.lines)}
          rows={drop.expiring.soonest}
          rowKey={(h) => h.holdId}
          empty="No hold expires soon."
        />
      </section>
      <section aria-labelledby="room-heading" className="stack">
        <h2 id="room-heading">Waiting room</h2>
        {drop.waitingRoom ? (
          <dl className="figures" aria-label="Waiting room">
            <Figure label="Phase" value={drop.waitingRoom.phase} />
            <Figure label="Queued before opening" value={drop.waitingRoom.preQueued} />
            <Figure label="Waiting now" value={drop.waitingRoom.waiting} />
            <Figure label="Admitted" value={drop.waitingRoom.admittedTotal} />
            <Figure
              label="Admitted per second"
              value={drop.waitingRoom.admissionRatePerSecond.toFixed(1)}
            />
          </dl>
        ) : (
          <p className="muted">This drop has no waiting room.</p>
        )}
      </section>
    </div>
  );
}

export default function DropDetailPage({ params }: { params: { dropId: string } }) {
  const drop = useMonitorDrop(params.dropId);
  usePageTitle(drop.data ? `${drop.data.name} · Monitor` : 'Drop · Monitor');
  if (drop.isPending) return <Loading label="Loading the drop…" />;
  if (drop.isError) {
    return isApiError(drop.error) && drop.error.status === 404 ? (
      <Notice tone="warning" title="No such drop">
        <p>
          It may be a draft, or the address is wrong. <Link href="/">Back to the inventory</Link>
        </p>
      </Notice>
    ) : (
      <ErrorNotice error={drop.error} title="The drop could not be loaded" />
    );
  }
  return (
    <section aria-labelledby="drop-heading">
      <DropDetail drop={drop.data} />
    </section>
  );
}
