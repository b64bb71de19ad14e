import { Link, useParams } from 'wouter';
import { formatInstant } from '../../lib/format';
import { type Column, DataTable } from '../../ui/data-table';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import type { components } from '../../api/schema.gen';
import { useCollectiveAudit, useMembers } from './team-hooks';

type AuditEvent = components['schemas']['AuditEventResponse'];

/** `{"role": "staff"}` → `role: staff`, short enough for a table cell. */
function changes(fields: Record<string, unknown> | null): string {
  if (!fields) return '—';
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

/** The collective's audit trail (owners): who changed its team, catalogue, drops and orders. */
export default function CollectiveAuditPage() {
  const { collective } = useParams<{ collective: string }>();
  const events = useCollectiveAudit(collective, true);
  const members = useMembers(collective);
  usePageTitle('Audit log');
  const names = new Map((members.data ?? []).map((m) => [m.userId, m.displayName]));
  const columns: Column<AuditEvent>[] = [
    { key: 'when', header: 'When', cell: (e) => formatInstant(e.occurredAt) },
    { key: 'action', header: 'Action', cell: (e) => <span className="mono">{e.action}</span> },
    {
      key: 'by',
      header: 'By',
      cell: (e) =>
        e.actorUserId === null ? (
          'the platform'
        ) : names.has(e.actorUserId) ? (
          names.get(e.actorUserId)
        ) : (
          <span className="mono">{e.actorUserId}</span>
        ),
    },
    {
      key: 'target',
      header: 'Target',
      cell: (e) => (
        <span className="mono wrap-anywhere">
          {e.targetType} {e.targetId}
        </span>
      ),
    },
    {
      key: 'after',
      header: 'Change',
      cell: (e) => <span className="wrap-anywhere">{changes(e.after ?? e.before)}</span>,
    },
  ];
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="stack">
      <p>
        <Link href={`/collectives/${collective}/team`}>← Team</Link>
      </p>
      <h1>Audit log</h1>
      <p className="muted">
        Every change to this collective&apos;s team, catalogue, drops and orders, newest first.
      </p>
      {events.isPending && <Loading label="Loading the audit log…" />}
      {events.isError && (
        <ErrorNotice error={events.error} title="The audit log could not be loaded" />
      )}
      {events.data && (
        <>
          <DataTable
            caption="Audit events"
            columns={columns}
            rows={rows}
            rowKey={(e) => e.id}
            empty="Nothing has happened yet."
          />
          {events.hasNextPage && (
            <div>
              <button
                type="button"
                className="button secondary"
                disabled={events.isFetchingNextPage}
                onClick={() => void events.fetchNextPage()}
              >
                Show older events
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
