import { useEffect } from 'react';
import { Link, useParams } from 'wouter';
import { RequireSession } from '../../auth/require-session';
import { formatDay, formatMoney, isLaterDay } from '../../lib/format';
import { useServerNow } from '../../lib/use-now';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { Countdown } from '../components/countdown';
import { ShippingQuote } from '../components/shipping-quote';
import { useDrop } from '../hooks/drops';
import { useCheckout, useHold, useReleaseHold } from '../hooks/holds';

function HoldView({ dropId, holdId }: { dropId: string; holdId: string }) {
  usePageTitle('Your hold');
  const hold = useHold(dropId, holdId);
  const drop = useDrop(dropId);
  const checkout = useCheckout(dropId, holdId);
  const release = useReleaseHold(dropId, holdId);
  const now = useServerNow();
  const expired = hold.data?.status === 'active' && Date.parse(hold.data.expiresAt) <= now;

  // At the deadline, ask the API what became of the hold (the worker expires it).
  const { refetch } = hold;
  useEffect(() => {
    if (!expired) return;
    const timer = setInterval(() => void refetch(), 2000);
    void refetch();
    return () => clearInterval(timer);
  }, [expired, refetch]);

  if (hold.isPending) return <Loading label="Loading your hold…" />;
  if (hold.isError) return <ErrorNotice error={hold.error} title="This hold could not be loaded" />;
  const h = hold.data;
  const line = drop.data?.lines.find((l) => l.variant.id === h.variantId);
  const what = line ? `${line.item.title} — ${line.variant.label}` : 'Your units';

  return (
    <section className="page narrow stack">
      <h1>Your hold</h1>
      <div className="card stack">
        <p>
          <strong>{what}</strong> × {h.quantity}
        </p>
        {line && <p>{formatMoney(line.priceMinor * h.quantity, line.currency)}</p>}
        {line && isLaterDay(line.item.expectedShipDate) && (
          <p>Pre-release: ships from {formatDay(line.item.expectedShipDate)}</p>
        )}
        {h.status === 'active' && !expired && (
          <Countdown target={h.expiresAt} now={now} label="Held for you, expires" />
        )}
      </div>
      {h.status === 'active' && !expired && (
        <ShippingQuote dropId={dropId} variantId={h.variantId} quantity={h.quantity} />
      )}
      {h.status === 'active' && !expired && (
        <div className="stack">
          <button
            type="button"
            className="button button-wide"
            disabled={checkout.isPending}
            onClick={() =>
              checkout.mutate(undefined, {
                onSuccess: (session) => window.location.assign(session.checkoutUrl),
              })
            }
          >
            {checkout.isPending ? 'Opening checkout…' : 'Pay now'}
          </button>
          <button
            type="button"
            className="button danger button-wide"
            disabled={release.isPending}
            onClick={() => release.mutate()}
          >
            Give the units back
          </button>
          {checkout.isError && <ErrorNotice error={checkout.error} title="Checkout did not open" />}
          {release.isError && <ErrorNotice error={release.error} title="Not released" />}
        </div>
      )}
      {(expired || h.status === 'expired') && (
        <Notice tone="warning" title="Your hold expired" alert>
          <p>The units went back on sale for other fans. You were not charged.</p>
        </Notice>
      )}
      {h.status === 'released' && (
        <Notice title="You gave the units back" alert>
          <p>They are on sale again.</p>
        </Notice>
      )}
      {h.status === 'converted' && (
        <Notice tone="success" title="Paid" alert>
          <p>
            This hold became an order. <Link href="/account">See your orders</Link>
          </p>
        </Notice>
      )}
      <p>
        <Link href={`/drop/${dropId}`}>Back to the drop</Link>
      </p>
    </section>
  );
}

export default function HoldPage() {
  const { dropId, holdId } = useParams<{ dropId: string; holdId: string }>();
  return (
    <RequireSession>
      <HoldView dropId={dropId} holdId={holdId} />
    </RequireSession>
  );
}
