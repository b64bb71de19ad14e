import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { useSession } from '../../auth/use-session';
import { formatInstant } from '../../lib/format';
import { ConfirmAction } from '../../ui/confirm-action';
import { DataTable, type Column } from '../../ui/data-table';
import { Field } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import {
  type CollectiveRoleName,
  type Member,
  type PendingInvite,
  useChangeRole,
  useCreateInvite,
  useInvites,
  useMembers,
  useMyRole,
  useRemoveMember,
  useRevokeInvite,
} from './team-hooks';

const ROLE_CHOICES = [
  { value: 'staff', label: 'Staff' },
  { value: 'owner', label: 'Owner' },
];
const ROLE_NAMES: Record<CollectiveRoleName, string> = { owner: 'Owner', staff: 'Staff' };

export default function TeamPage() {
  const { collective } = useParams<{ collective: string }>();
  const role = useMyRole(collective);
  const owner = role === 'owner';
  usePageTitle('Team');
  return (
    <section className="stack">
      <header className="row">
        <h1>Team</h1>
        {owner && <Link href={`/collectives/${collective}/team/audit`}>Audit log</Link>}
      </header>
      <Members collective={collective} owner={owner} />
      {owner && <Invites collective={collective} />}
      {role === 'staff' && (
        <p className="muted">Owners invite people, change roles and read the audit log.</p>
      )}
    </section>
  );
}

function Members({ collective, owner }: { collective: string; owner: boolean }) {
  const members = useMembers(collective);
  const changeRole = useChangeRole(collective);
  const remove = useRemoveMember(collective);
  const session = useSession();
  const me = session.status === 'signed-in' ? session.user.id : undefined;
  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: 'Member',
      cell: (m) => (
        <>
          {m.displayName}
          {m.userId === me ? ' (you)' : ''}
          <br />
          <span className="muted">{m.email}</span>
        </>
      ),
    },
    { key: 'role', header: 'Role', cell: (m) => ROLE_NAMES[m.role] },
    { key: 'joined', header: 'Joined', cell: (m) => formatInstant(m.joinedAt) },
  ];
  if (owner) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      cell: (m) => {
        const other: CollectiveRoleName = m.role === 'owner' ? 'staff' : 'owner';
        return (
          <div className="row">
            <ConfirmAction
              label={`Make ${ROLE_NAMES[other].toLowerCase()}`}
              buttonLabel={`Make ${m.displayName} ${ROLE_NAMES[other].toLowerCase()}`}
              title={`Make ${m.displayName} ${ROLE_NAMES[other].toLowerCase()}?`}
              description={
                other === 'owner'
                  ? 'Owners manage the team, refund orders and read the audit log.'
                  : 'Staff keep the catalogue, drops and orders, but not the team or refunds. The last owner cannot step down.'
              }
              confirmLabel="Change role"
              onConfirm={() => changeRole.mutateAsync({ userId: m.userId, role: other })}
            />
            <ConfirmAction
              label="Remove"
              buttonLabel={`Remove ${m.displayName}`}
              title={`Remove ${m.displayName} from the collective?`}
              description="They lose access to this collective at once. The last owner cannot be removed."
              confirmLabel="Remove member"
              tone="danger"
              onConfirm={() => remove.mutateAsync(m.userId)}
            />
          </div>
        );
      },
    });
  }
  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {members.isPending && <Loading label="Loading members…" />}
      {members.isError && <ErrorNotice error={members.error} title="Members could not be loaded" />}
      {members.data && (
        <DataTable
          caption="Members and their roles"
          columns={columns}
          rows={members.data}
          rowKey={(m) => m.userId}
        />
      )}
    </section>
  );
}

function Invites({ collective }: { collective: string }) {
  const invites = useInvites(collective, true);
  const create = useCreateInvite(collective);
  const revoke = useRevokeInvite(collective);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollectiveRoleName>('staff');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ email, role }, { onSuccess: () => setEmail('') });
  };
  const columns: Column<PendingInvite>[] = [
    { key: 'email', header: 'Email', cell: (i) => i.email },
    { key: 'role', header: 'Role', cell: (i) => ROLE_NAMES[i.role] },
    { key: 'expires', header: 'Expires', cell: (i) => formatInstant(i.expiresAt) },
    {
      key: 'actions',
      header: 'Actions',
      cell: (i) => (
        <ConfirmAction
          label="Revoke"
          buttonLabel={`Revoke the invite of ${i.email}`}
          title={`Revoke the invite of ${i.email}?`}
          description="The mailed link stops working."
          confirmLabel="Revoke invite"
          tone="danger"
          onConfirm={() => revoke.mutateAsync(i.id)}
        />
      ),
    },
  ];
  return (
    <section className="card stack" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invites</h2>
      <form className="stack" onSubmit={submit} aria-label="Invite someone">
        <Field
          label="Email"
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <SelectField
          label="Role"
          choices={ROLE_CHOICES}
          value={role}
          onChange={(e) => setRole(e.target.value as CollectiveRoleName)}
        />
        <p className="hint">
          Staff keep the catalogue, drops and orders; owners also the team, refunds and the audit
          log.
        </p>
        {create.isError && <ErrorNotice error={create.error} title="Nobody was invited" />}
        {create.isSuccess && (
          <Notice tone="success">
            We mailed {create.data.email} a link to join; it works once, until{' '}
            {formatInstant(create.data.expiresAt)}.
          </Notice>
        )}
        <div>
          <button type="submit" className="button" disabled={create.isPending}>
            Send invite
          </button>
        </div>
      </form>
      <h3 className="section-gap">Pending</h3>
      {invites.isPending && <Loading label="Loading invites…" />}
      {invites.isError && <ErrorNotice error={invites.error} title="Invites could not be loaded" />}
      {invites.data && (
        <DataTable
          caption="Pending invites"
          columns={columns}
          rows={invites.data}
          rowKey={(i) => i.id}
          empty="No pending invites."
        />
      )}
    </section>
  );
}
