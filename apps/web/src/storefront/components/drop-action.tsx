import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { isApiError } from '../../api/api-error';
import { useSession } from '../../auth/use-session';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Notice } from '../../ui/status';
import type { PublicDrop } from '../hooks/drops';
import {
  useEnterRaffle,
  useJoinWaitlist,
  useMyRaffleEntry,
  useMyWaitlistEntry,
} from '../hooks/entries';
import { usePlaceHold } from '../hooks/holds';
import { admissionFor } from '../admission';

interface Props {
  drop: PublicDrop;
  /** The public state as the stream says it now. */
  state: string;
  variantId: string | undefined;
  /** How many units the fan means to hold (the page prices shipping for it too). */
  quantity: number;
  onQuantity: (quantity: number) => void;
  /** The countdown has reached the opening but the drop has not said it opened yet. */
  opening: boolean;
}

function SignInToAct({ verb }: { verb: string }) {
  const next = encodeURIComponent(window.location.pathname);
  return (
    <p>
      <Link className="button button-wide" href={`/signin?next=${next}`}>
        Sign in to {verb}
      </Link>
    </p>
  );
}

function HoldButton({
  drop,
  variantId,
  quantity,
  onQuantity,
}: Pick<Props, 'drop' | 'variantId' | 'quantity' | 'onQuantity'>) {
  const [, navigate] = useLocation();
  const hold = usePlaceHold(drop.id);
  // One key per attempt: a double click or a retried request cannot hold twice.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const submit = () => {
    if (!variantId) return;
    hold.mutate(
      { variantId, quantity, idempotencyKey: attemptKey, admissionToken: admissionFor(drop.id) },
      {
        onSuccess: (placed) => navigate(`/drop/${drop.id}/holds/${placed.holdId}`),
        onError: (error) => {
          setAttemptKey(crypto.randomUUID());
          if (isApiError(error, 'ADMISSION_REQUIRED')) navigate(`/drop/${drop.id}/room`);
        },
      },
    );
  };
  return (
    <div className="stack">
      {drop.perCustomerLimit > 1 && (
        <div className="field">
          <label htmlFor="quantity">How many</label>
          <select
            id="quantity"
            value={quantity}
            onChange={(e) => onQuantity(Number(e.target.value))}
          >
            {Array.from({ length: drop.perCustomerLimit }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}
      <button
        type="button"
        className="button button-wide"
        onClick={submit}
        disabled={!variantId || hold.isPending}
      >
        {hold.isPending ? 'Holding…' : variantId ? 'Hold it' : 'Choose one above to hold it'}
      </button>
      <p className="hint">
        A hold keeps the units for you for {Math.round(drop.holdSeconds / 60)} minutes while you
        pay. Limit {drop.perCustomerLimit} per fan.
      </p>
      {hold.isError && <ErrorNotice error={hold.error} title="Not held" />}
    </div>
  );
}

function WaitlistButton({ drop, variantId }: { drop: PublicDrop; variantId: string | undefined }) {
  const mine = useMyWaitlistEntry(drop.id, true);
  const join = useJoinWaitlist(drop.id);
  const entry = join.data ?? mine.data;
  if (entry && entry.status !== 'left') {
    return (
      <Notice tone="success" title="You are on the waitlist">
        <p>
          {entry.position ? `Number ${entry.position} of ${entry.waiting} waiting. ` : ''}
          {entry.earlyAccess ? 'You may hold during early access. ' : ''}We will mail you when it is
          your turn.
        </p>
        {entry.offerHoldId && (
          <p>
            <Link href={`/drop/${drop.id}/holds/${entry.offerHoldId}`}>
              A unit is held for you: pay for it
            </Link>
          </p>
        )}
      </Notice>
    );
  }
  return (
    <div className="stack">
      <button
        type="button"
        className="button button-wide"
        onClick={() => join.mutate(variantId)}
        disabled={join.isPending}
      >
        Join the waitlist
      </button>
      {join.isError && <ErrorNotice error={join.error} title="Could not join the waitlist" />}
    </div>
  );
}

function RaffleButton({ drop, variantId }: { drop: PublicDrop; variantId: string | undefined }) {
  const mine = useMyRaffleEntry(drop.id, true);
  const enter = useEnterRaffle(drop.id);
  const entry = enter.data ?? mine.data;
  const closed =
    drop.entryClosesAt !== null &&
    drop.entryClosesAt !== undefined &&
    Date.parse(drop.entryClosesAt) <= Date.now();
  if (entry) {
    return (
      <Notice tone="success" title="You are in the raffle">
        <p>
          Status: {entry.status}
          {entry.rank ? ` · drawn number ${entry.rank}` : ''}.{' '}
          {entry.holdId && (
            <Link href={`/drop/${drop.id}/holds/${entry.holdId}`}>You won: pay for your unit</Link>
          )}
        </p>
        <p>
          <Link href={`/fairness/${drop.id}`}>Check the draw</Link>
        </p>
      </Notice>
    );
  }
  if (closed) {
    return (
      <Notice title="Entries are closed">
        <p>
          <Link href={`/fairness/${drop.id}`}>Check the draw</Link>
        </p>
      </Notice>
    );
  }
  return (
    <div className="stack">
      <button
        type="button"
        className="button button-wide"
        onClick={() => variantId && enter.mutate(variantId)}
        disabled={!variantId || enter.isPending}
      >
        {variantId ? 'Enter the raffle' : 'Choose one above to enter'}
      </button>
      <p className="hint">Entries close {formatInstant(drop.entryClosesAt)}. One entry per fan.</p>
      {enter.isError && <ErrorNotice error={enter.error} title="Not entered" />}
    </div>
  );
}

/** The one action the drop's release mode and state allow now. */
export function DropAction({ drop, state, variantId, quantity, onQuantity, opening }: Props) {
  const session = useSession();
  if (state === 'cancelled') return <Notice tone="danger" title="This drop was cancelled" />;
  if (state === 'closed') return <Notice title="This drop has ended" />;
  if (opening)
    return <Notice title="Opening…">The drop opens now; the button appears in a moment.</Notice>;
  const signedIn = session.status === 'signed-in';
  if (drop.releaseMode === 'raffle') {
    return signedIn ? (
      <RaffleButton drop={drop} variantId={variantId} />
    ) : (
      <SignInToAct verb="enter the raffle" />
    );
  }
  if (state === 'sold_out') {
    return (
      <div className="stack">
        <Notice tone="warning" title="Sold out">
          Units come back when holds lapse: join the waitlist for a second chance.
        </Notice>
        {signedIn ? (
          <WaitlistButton drop={drop} variantId={variantId} />
        ) : (
          <SignInToAct verb="join the waitlist" />
        )}
      </div>
    );
  }
  if (state === 'scheduled') {
    if (!signedIn)
      return (
        <SignInToAct verb={drop.releaseMode === 'first_come' ? 'queue' : 'join the waitlist'} />
      );
    return drop.releaseMode === 'first_come' ? (
      <div className="stack">
        <Link
          className="button button-wide"
          href={`/drop/${drop.id}/room${variantId ? `?variant=${variantId}` : ''}`}
        >
          Join the waiting room
        </Link>
        <p className="hint">
          Fans who arrive before the opening are put in a fair, drawn order.
          {variantId ? ' The one you chose is held for you the moment it is your turn.' : ''}
        </p>
      </div>
    ) : (
      <WaitlistButton drop={drop} variantId={variantId} />
    );
  }
  return signedIn ? (
    <HoldButton drop={drop} variantId={variantId} quantity={quantity} onQuantity={onQuantity} />
  ) : (
    <SignInToAct verb="buy" />
  );
}
