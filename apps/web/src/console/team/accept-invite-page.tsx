import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { useSession } from '../../auth/use-session';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useAcceptInvite } from './team-hooks';

const WHY: Record<string, string> = {
  INVITE_NOT_FOUND:
    'This invite link is unknown, expired, revoked or already used. Ask an owner for a new one.',
  INVITE_EMAIL_MISMATCH:
    'This invite was sent to another email address. Sign out and sign in (or sign up) with the address it was sent to.',
  ALREADY_MEMBER: 'You are already a member of this collective.',
};

/**
 * Where the invite mail's link lands. The console only renders for a signed-in account, so a
 * signed-out invitee goes through sign in (or sign up, linked from it) and comes back here;
 * then the invite is accepted once, without another click.
 */
export default function AcceptInvitePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const session = useSession();
  const accept = useAcceptInvite();
  const sent = useRef(false);
  usePageTitle('Join a collective');

  useEffect(() => {
    if (sent.current || !token || session.status !== 'signed-in') return;
    sent.current = true;
    accept.mutate(token);
  }, [accept, token, session.status]);

  return (
    <section className="stack">
      <h1>Join a collective</h1>
      {!token && (
        <Notice tone="danger" title="No invite in this link" alert>
          <p>Open the link from the invite mail as it is.</p>
        </Notice>
      )}
      {token && (accept.isIdle || accept.isPending) && <Loading label="Accepting the invite…" />}
      {accept.isError &&
        (isApiError(accept.error) && WHY[accept.error.code] ? (
          <Notice tone="danger" title="The invite was not accepted" alert>
            <p>{WHY[accept.error.code]}</p>
          </Notice>
        ) : (
          <ErrorNotice error={accept.error} title="The invite was not accepted" />
        ))}
      {accept.isSuccess && (
        <Notice tone="success" title={`Welcome to ${accept.data.collective.name}`} alert>
          <p>
            You joined as {accept.data.role}.{' '}
            <Link href={`/collectives/${accept.data.collective.slug}/items`}>
              Open its catalogue
            </Link>
          </p>
        </Notice>
      )}
    </section>
  );
}
