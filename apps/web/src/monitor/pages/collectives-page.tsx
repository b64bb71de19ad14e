import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { formatInstant } from '../../lib/format';
import { textField } from '../../lib/form-data';
import { type Column, DataTable } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { pageSummary, Pager } from '../../ui/pager';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import {
  type AdminCollective,
  COLLECTIVES_PAGE_SIZE,
  useAdminCollectives,
  useCreateCollective,
} from '../hooks/collectives';
import { useFilters } from '../use-filters';

const columns: Column<AdminCollective>[] = [
  { key: 'name', header: 'Name', cell: (c) => c.name },
  { key: 'slug', header: 'Slug', cell: (c) => <span className="mono">{c.slug}</span> },
  { key: 'created', header: 'Created', cell: (c) => formatInstant(c.createdAt) },
  {
    key: 'links',
    header: 'Look closer',
    cell: (c) => (
      <span className="row">
        <Link href={`/orders?collectiveId=${c.id}`} aria-label={`Orders of ${c.name}`}>
          Orders
        </Link>
        <Link href={`/audit?collectiveId=${c.id}`} aria-label={`Audit log of ${c.name}`}>
          Audit log
        </Link>
      </span>
    ),
  },
];

function CreateCollectiveForm() {
  const create = useCreateCollective();
  const [created, setCreated] = useState<AdminCollective>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate(
      {
        name: textField(data, 'name'),
        slug: textField(data, 'slug'),
        ownerEmail: textField(data, 'ownerEmail'),
      },
      {
        onSuccess: (collective) => {
          setCreated(collective);
          form.reset();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby="create-collective-heading" className="card">
      <h2 id="create-collective-heading">New collective</h2>
      <div className="filters">
        <Field label="Name" name="name" required maxLength={120} />
        <Field
          label="Slug"
          name="slug"
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          hint="Lower-case words joined by hyphens"
        />
        <Field
          label="Owner's email"
          name="ownerEmail"
          type="email"
          required
          hint="An existing, active account"
        />
      </div>
      {create.isError && (
        <ErrorNotice error={create.error} title="The collective was not created" />
      )}
      {created && !create.isError && (
        <Notice tone="success" title="Collective created">
          <p>
            {created.name} ({created.slug})
          </p>
        </Notice>
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        Create collective
      </button>
    </form>
  );
}

export default function CollectivesPage() {
  usePageTitle('Collectives · Monitor');
  const filters = useFilters([] as const);
  const collectives = useAdminCollectives(filters.offset);
  return (
    <section className="stack" aria-labelledby="collectives-heading">
      <h1 id="collectives-heading">Collectives</h1>
      {collectives.isPending ? (
        <Loading label="Loading collectives…" />
      ) : collectives.isError ? (
        <ErrorNotice error={collectives.error} title="Collectives could not be loaded" />
      ) : (
        <>
          <DataTable
            caption="Collectives"
            columns={columns}
            rows={collectives.data.items}
            rowKey={(c) => c.id}
            empty="No collectives yet."
          />
          <Pager
            label="Collectives pages"
            summary={pageSummary(
              filters.offset,
              collectives.data.items.length,
              collectives.data.total,
            )}
            hasPrevious={filters.offset > 0}
            hasNext={filters.offset + collectives.data.items.length < collectives.data.total}
            onPrevious={() =>
              filters.setPage('offset', Math.max(0, filters.offset - COLLECTIVES_PAGE_SIZE))
            }
            onNext={() => filters.setPage('offset', filters.offset + COLLECTIVES_PAGE_SIZE)}
          />
        </>
      )}
      <CreateCollectiveForm />
    </section>
  );
}
