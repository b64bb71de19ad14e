import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'wouter';
import { RequireSession } from '../../auth/require-session';
import { describeDuration, formatInstant } from '../../lib/format';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { rememberAdmission } from '../admission';
import { useDrop } from '../hooks/drops';
import { usePlaceHold } from '../hooks/holds';
import { type RoomStanding, useJoinRoom, useRoomStanding } from '../hooks/room';

function Standing({ standing }: { standing: RoomStanding }) {
  switch (standing.status) {
    case 'pre_queue':
      return (
        <Notice title="You are in the pre-queue">
          <p>
            Everyone who arrives before the opening gets a place drawn at random when it opens
            {standing.opensAt ? ` (${formatInstant(standing.opensAt)})` : ''}: arriving earlier does
            not help, and the draw can be checked. {standing.preQueueSize ?? 0} fans are in the
            pre-queue.
          </p>
          {standing.ticket && <p className="mono">Your ticket: {standing.ticket}</p>}
        </Notice>
      );
    case 'waiting':
      return (
        <Notice title={`Number ${standing.position ?? '…'} in the queue`}>
          <p>
            {standing.waiting ?? 0} fans are waiting.{' '}
            {standing.estimatedWaitSeconds !== null && standing.estimatedWaitSeconds !== undefined
              ? `About ${describeDuration(standing.estimatedWaitSeconds * 1000)} to go.`
              : ''}{' '}
            Keep this page open: you will be taken to the drop when it is your turn.
          </p>
        </Notice>
      );
    case 'admitted':
      return <Notice tone="success" title="It is your turn" alert />;
    case 'admission_expired':
      return (
        <Notice tone="warning" title="Your turn lapsed" alert>
          <p>Join again to queue once more.</p>
        </Notice>
      );
    case 'sold_out':
      return (
        <Notice tone="danger" title="Sold out" alert>
          <p>Everything is held or sold. Held units that are not paid for come back.</p>
        </Notice>
      );
    case 'closed':
      return <Notice title="The drop has ended" alert />;
    default:
      return null;
  }
}

function Room({ dropId }: { dropId: string }) {
  const drop = useDrop(dropId);
  const join = useJoinRoom(dropId);
  const standing = useRoomStanding(dropId, join.isSuccess);
  const [, navigate] = useLocation();
  usePageTitle(drop.data ? `Waiting room · ${drop.data.name}` : 'Waiting room');
  const { mutate } = join;
  useEffect(() => mutate(), [mutate]);
  const current = standing ?? join.data;
  // The variant the fan chose on the drop page before queueing: once admitted, it is held at
  // once and the fan lands on the hold; without one (or if the hold is refused) on the drop.
  const [search] = useSearchParams();
  const variantId = search.get('variant') ?? undefined;
  const hold = usePlaceHold(dropId);
  const [attemptKey] = useState(() => crypto.randomUUID());
  const holding = useRef(false);
  useEffect(() => {
    if (current?.status !== 'admitted' || !current.admissionToken || !current.admissionExpiresAt)
      return;
    rememberAdmission(dropId, current.admissionToken, current.admissionExpiresAt);
    if (!variantId) {
      navigate(`/drop/${dropId}`);
      return;
    }
    if (holding.current) return;
    holding.current = true;
    hold.mutate(
      {
        variantId,
        quantity: 1,
        idempotencyKey: attemptKey,
        admissionToken: current.admissionToken,
      },
      {
        onSuccess: (placed) => navigate(`/drop/${dropId}/holds/${placed.holdId}`),
        onError: () => navigate(`/drop/${dropId}`),
      },
    );
  }, [current, dropId, navigate, variantId, hold, attemptKey]);
  return (
    <section className="page narrow stack">
      <p className="eyebrow">{drop.data?.collective.name}</p>
      <h1>Waiting room</h1>
      {drop.data && <p>{drop.data.name}</p>}
      {join.isError && <ErrorNotice error={join.error} title="Could not enter the waiting room" />}
      {!current && !join.isError && <Loading label="Entering the waiting room…" />}
      {current && (
        <div aria-live="polite">
          <Standing standing={current} />
        </div>
      )}
      <p>
        <Link href={`/drop/${dropId}`}>Back to the drop</Link>
      </p>
    </section>
  );
}

export default function WaitingRoomPage() {
  const { dropId } = useParams<{ dropId: string }>();
  return (
    <RequireSession>
      <Room dropId={dropId} />
    </RequireSession>
  );
}
