import { formatInstant } from '../../lib/format';
import { textField } from '../../lib/form-data';
import { type Column, DataTable } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { Pager } from '../../ui/pager';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { type AuditEvent, useAuditEvents } from '../hooks/audit';
import { useFilters } from '../use-filters';

/** `{"state": "draft"}` → `state: draft`, short enough for a table cell. */
function changes(fields: Record<string, unknown> | null): string {
  if (!fields) return '—';
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

const columns: Column<AuditEvent>[] = [
  { key: 'when', header: 'When', cell: (e) => formatInstant(e.occurredAt) },
  { key: 'action', header: 'Action', cell: (e) => <span className="mono">{e.action}</span> },
  {
    key: 'target',
    header: 'Target',
    cell: (e) => (
      <span className="mono">
        {e.targetType} {e.targetId}
      </span>
    ),
  },
  {
    key: 'actor',
    header: 'By',
    cell: (e) => <span className="mono">{e.actorUserId ?? 'the platform'}</span>,
  },
  { key: 'before', header: 'Before', cell: (e) => changes(e.before) },
  { key: 'after', header: 'After', cell: (e) => changes(e.after) },
];

const FILTERS = ['action', 'targetType', 'targetId', 'actorUserId', 'collectiveId'] as const;
const LABELS: Record<(typeof FILTERS)[number], string> = {
  action: 'Action',
  targetType: 'Target type',
  targetId: 'Target id',
  actorUserId: 'Actor id',
  collectiveId: 'Collective id',
};

export default function AuditPage() {
  usePageTitle('Audit log · Monitor');
  const filters = useFilters(FILTERS);
  const events = useAuditEvents(filters.query, filters.cursor);
  return (
    <section className="stack" aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className="muted">Every action that changed money, stock or access, newest first.</p>
      <form
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          filters.setFilters(
            Object.fromEntries(FILTERS.map((name) => [name, textField(data, name).trim()])),
          );
        }}
      >
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          {FILTERS.map((name) => (
            <Field
              key={`${name}-${filters.values[name]}`}
              label={LABELS[name]}
              name={name}
              defaultValue={filters.values[name]}
              placeholder={name === 'action' ? 'user.suspend' : undefined}
            />
          ))}
          <div className="field field-action">
            <button type="submit" className="button">
              Apply filters
            </button>
          </div>
        </fieldset>
      </form>
      {events.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : events.isError ? (
        <ErrorNotice error={events.error} title="The audit log could not be loaded" />
      ) : (
        <>
          <DataTable
            caption="Audit events"
            columns={columns}
            rows={events.data.items}
            rowKey={(e) => e.id}
            empty="No event matches these filters."
          />
          <Pager
            label="Audit log pages"
            previousLabel="Newest events"
            nextLabel="Older events"
            hasPrevious={filters.cursor !== undefined}
            hasNext={events.data.nextCursor !== null}
            onPrevious={() => filters.setPage('before', undefined)}
            onNext={() => filters.setPage('before', events.data.nextCursor ?? undefined)}
          />
        </>
      )}
    </section>
  );
}
