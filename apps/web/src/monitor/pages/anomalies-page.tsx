import { Link } from 'wouter';
import { formatInstant } from '../../lib/format';
import { ConfirmAction } from '../../ui/confirm-action';
import { type Column, DataTable } from '../../ui/data-table';
import { Pager } from '../../ui/pager';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import {
  type Anomaly,
  ANOMALY_KIND_LABELS,
  type AnomalyFilters,
  useAcknowledgeAnomaly,
  useAnomalies,
  useResolveAnomaly,
} from '../hooks/anomalies';
import { useFilters } from '../use-filters';

function AnomalyActions({ anomaly }: { anomaly: Anomaly }) {
  const acknowledge = useAcknowledgeAnomaly();
  const resolve = useResolveAnomaly();
  if (anomaly.status === 'resolved') {
    return <span className="muted">{anomaly.resolutionNote ?? 'Resolved'}</span>;
  }
  const what = `${ANOMALY_KIND_LABELS[anomaly.kind]}: ${anomaly.summary}`;
  return (
    <span className="row">
      {anomaly.status === 'open' && (
        <ConfirmAction
          label="Acknowledge"
          buttonLabel={`Acknowledge ${what}`}
          title="Acknowledge this anomaly?"
          description={`${what}. Acknowledging tells the other admins someone is on it.`}
          confirmLabel="Acknowledge"
          onConfirm={() => acknowledge.mutateAsync(anomaly.id)}
        />
      )}
      <ConfirmAction
        label="Resolve"
        buttonLabel={`Resolve ${what}`}
        title="Resolve this anomaly?"
        description={`${what}. Say what was done; the note is kept with it and in the audit log.`}
        noteLabel="What was done"
        confirmLabel="Resolve"
        onConfirm={(note) => resolve.mutateAsync({ anomalyId: anomaly.id, note })}
      />
    </span>
  );
}

const columns: Column<Anomaly>[] = [
  {
    key: 'kind',
    header: 'Kind',
    cell: (a) => ANOMALY_KIND_LABELS[a.kind],
  },
  { key: 'summary', header: 'What', cell: (a) => a.summary },
  {
    key: 'status',
    header: 'Status',
    cell: (a) => <span className={`badge badge-anomaly-${a.status}`}>{a.status}</span>,
  },
  {
    key: 'raised',
    header: 'Raised',
    cell: (a) =>
      `${formatInstant(a.raisedAt)}${a.occurrences > 1 ? ` (seen ${a.occurrences}×)` : ''}`,
  },
  {
    key: 'drop',
    header: 'Drop',
    cell: (a) =>
      a.dropId ? (
        <Link href={`/drops/${a.dropId}`} aria-label={`Drop of: ${a.summary}`}>
          Open in monitor
        </Link>
      ) : (
        '—'
      ),
  },
  { key: 'actions', header: 'Actions', cell: (a) => <AnomalyActions anomaly={a} /> },
];

const STATUS_CHOICES = [
  { value: '', label: 'Any status' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
];
const KIND_CHOICES = [
  { value: '', label: 'Any kind' },
  ...Object.entries(ANOMALY_KIND_LABELS).map(([value, label]) => ({ value, label })),
];

export default function AnomaliesPage() {
  usePageTitle('Anomalies · Monitor');
  const filters = useFilters(['status', 'kind', 'dropId', 'collectiveId'] as const);
  const anomalies = useAnomalies(filters.query as AnomalyFilters, filters.cursor);
  return (
    <section className="stack" aria-labelledby="anomalies-heading">
      <h1 id="anomalies-heading">Anomalies</h1>
      <p className="muted">
        What went wrong on the platform, raised once each and alerted once; newest first.
      </p>
      <form role="search" aria-label="Filter anomalies" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <SelectField
            label="Status"
            value={filters.values.status}
            onChange={(e) => filters.setFilter('status', e.currentTarget.value)}
            choices={STATUS_CHOICES}
          />
          <SelectField
            label="Kind"
            value={filters.values.kind}
            onChange={(e) => filters.setFilter('kind', e.currentTarget.value)}
            choices={KIND_CHOICES}
          />
        </fieldset>
      </form>
      {anomalies.isPending ? (
        <Loading label="Loading anomalies…" />
      ) : anomalies.isError ? (
        <ErrorNotice error={anomalies.error} title="Anomalies could not be loaded" />
      ) : (
        <>
          <DataTable
            caption="Anomalies"
            columns={columns}
            rows={anomalies.data.anomalies}
            rowKey={(a) => a.id}
            empty="No anomaly matches these filters."
          />
          <Pager
            label="Anomalies pages"
            previousLabel="Newest"
            nextLabel="Older"
            hasPrevious={filters.cursor !== undefined}
            hasNext={anomalies.data.nextCursor !== null}
            onPrevious={() => filters.setPage('before', undefined)}
            onNext={() => filters.setPage('before', anomalies.data.nextCursor ?? undefined)}
          />
        </>
      )}
    </section>
  );
}
