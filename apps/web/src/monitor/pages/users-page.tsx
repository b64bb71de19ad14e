import { useSession } from '../../auth/use-session';
import { type Column, DataTable } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { pageSummary, Pager } from '../../ui/pager';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { ConfirmAction } from '../../ui/confirm-action';
import { formatInstant } from '../../lib/format';
import {
  type AdminUser,
  PAGE_SIZE,
  type UserFilters,
  useAdminUsers,
  useReinstateUser,
  useSuspendUser,
} from '../hooks/users';
import { useFilters } from '../use-filters';

function UserActions({ user }: { user: AdminUser }) {
  const session = useSession();
  const suspend = useSuspendUser();
  const reinstate = useReinstateUser();
  const self = session.status === 'signed-in' && session.user.id === user.id;
  if (self) return <span className="muted">You</span>;
  return user.status === 'active' ? (
    <ConfirmAction
      label="Suspend"
      buttonLabel={`Suspend ${user.email}`}
      title={`Suspend ${user.email}?`}
      description="Every session of this account ends at once; they cannot sign in until reinstated."
      noteLabel="Reason (kept in the audit log)"
      confirmLabel="Suspend account"
      tone="danger"
      onConfirm={(reason) => suspend.mutateAsync({ userId: user.id, reason })}
    />
  ) : (
    <ConfirmAction
      label="Reinstate"
      buttonLabel={`Reinstate ${user.email}`}
      title={`Reinstate ${user.email}?`}
      description="The account becomes active again; they sign in anew."
      confirmLabel="Reinstate account"
      onConfirm={() => reinstate.mutateAsync(user.id)}
    />
  );
}

const columns: Column<AdminUser>[] = [
  { key: 'email', header: 'Email', cell: (u) => <span className="mono">{u.email}</span> },
  { key: 'name', header: 'Name', cell: (u) => u.displayName },
  { key: 'role', header: 'Role', cell: (u) => (u.role === 'admin' ? 'Admin' : 'Fan') },
  {
    key: 'status',
    header: 'Status',
    cell: (u) => <span className={`badge badge-${u.status}`}>{u.status}</span>,
  },
  { key: 'created', header: 'Joined', cell: (u) => formatInstant(u.createdAt) },
  { key: 'actions', header: 'Actions', cell: (u) => <UserActions user={u} /> },
];

export default function UsersPage() {
  usePageTitle('Users · Monitor');
  const filters = useFilters(['status', 'role', 'email'] as const);
  const users = useAdminUsers(filters.query as UserFilters, filters.offset);
  return (
    <section className="stack" aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <form role="search" aria-label="Filter users" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="filters">
          <legend className="visually-hidden">Filters</legend>
          <Field
            label="Email contains"
            type="search"
            defaultValue={filters.values.email}
            onChange={(e) => filters.setFilter('email', e.currentTarget.value.trim())}
          />
          <SelectField
            label="Status"
            value={filters.values.status}
            onChange={(e) => filters.setFilter('status', e.currentTarget.value)}
            choices={[
              { value: '', label: 'Any status' },
              { value: 'active', label: 'Active' },
              { value: 'suspended', label: 'Suspended' },
            ]}
          />
          <SelectField
            label="Role"
            value={filters.values.role}
            onChange={(e) => filters.setFilter('role', e.currentTarget.value)}
            choices={[
              { value: '', label: 'Any role' },
              { value: 'fan', label: 'Fan' },
              { value: 'admin', label: 'Admin' },
            ]}
          />
        </fieldset>
      </form>
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError ? (
        <ErrorNotice error={users.error} title="Users could not be loaded" />
      ) : (
        <>
          <DataTable
            caption="Users"
            columns={columns}
            rows={users.data.items}
            rowKey={(u) => u.id}
            empty="No user matches these filters."
          />
          <Pager
            label="Users pages"
            summary={pageSummary(filters.offset, users.data.items.length, users.data.total)}
            hasPrevious={filters.offset > 0}
            hasNext={filters.offset + users.data.items.length < users.data.total}
            onPrevious={() => filters.setPage('offset', Math.max(0, filters.offset - PAGE_SIZE))}
            onNext={() => filters.setPage('offset', filters.offset + PAGE_SIZE)}
          />
        </>
      )}
    </section>
  );
}
