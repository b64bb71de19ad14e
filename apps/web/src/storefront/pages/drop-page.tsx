import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { formatInstant, RELEASE_MODE_LABELS } from '../../lib/format';
import { useServerNow } from '../../lib/use-now';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { StateBadge } from '../../ui/state-badge';
import { ItemImage } from '../../ui/item-image';
import { usePageTitle } from '../../ui/use-page-title';
import { Countdown } from '../components/countdown';
import { DropAction } from '../components/drop-action';
import { availableOf, LinePicker } from '../components/line-picker';
import { ShippingQuote } from '../components/shipping-quote';
import { dropSchedule } from '../drop-schedule';
import { dropKeys, type DropState, useDrop, useLiveDrop } from '../hooks/drops';

/** Before the stream says a drop opened, ask again now and then (jittered), never every tick. */
const OPENING_RECHECK_MS = 1500;

export default function DropPage() {
  const { dropId } = useParams<{ dropId: string }>();
  const drop = useDrop(dropId);
  const live = useLiveDrop(dropId);
  const now = useServerNow();
  const client = useQueryClient();
  const [variantId, setVariantId] = useState<string>();
  const [quantity, setQuantity] = useState(1);
  usePageTitle(drop.data?.name);

  // Whichever heard last wins: the stream's state, or the drop as (re)fetched.
  const streamIsNewer =
    live.state !== undefined && (live.stateReceivedAt ?? 0) >= drop.dataUpdatedAt;
  const reported: string = (streamIsNewer ? live.state : drop.data?.state) ?? 'scheduled';
  const opensAt = drop.data ? (drop.data.earlyAccessStartsAt ?? drop.data.startsAt) : undefined;
  const opening = reported === 'scheduled' && opensAt !== undefined && Date.parse(opensAt) <= now;

  // The opening moment: the stream's `state` event normally arrives first; this is the fallback.
  useEffect(() => {
    if (!opening) return;
    const timer = setInterval(
      () => void client.invalidateQueries({ queryKey: dropKeys.one(dropId), exact: true }),
      OPENING_RECHECK_MS + Math.random() * 1000,
    );
    return () => clearInterval(timer);
  }, [opening, client, dropId]);

  if (drop.isPending) return <Loading label="Loading the drop…" />;
  if (drop.isError) return <ErrorNotice error={drop.error} title="This drop could not be loaded" />;
  const d = drop.data;
  const lines = d.lines;
  const left = lines.reduce((sum, line) => sum + availableOf(line, live.counters), 0);
  // The counters reach zero a moment before the drop's state says so: trust the counters.
  const state = reported === 'live' && left === 0 ? 'sold_out' : reported;
  const schedule = dropSchedule(state as DropState, d);
  const raffleDrawn =
    d.releaseMode === 'raffle' && d.entryClosesAt && Date.parse(d.entryClosesAt) <= now;

  return (
    <article className="stack">
      <header>
        <p className="eyebrow">{d.collective.name}</p>
        <h1>{d.name}</h1>
        <p className="row">
          <StateBadge state={state} />
          <span className="muted">{RELEASE_MODE_LABELS[d.releaseMode]}</span>
          <span className="muted" aria-live="polite">
            {left} of {d.unitsOnSale} left
          </span>
        </p>
        {d.description && <p>{d.description}</p>}
      </header>
      <div className="drop-layout">
        <section aria-labelledby="lines-heading" className="stack">
          <h2 id="lines-heading" className="visually-hidden">
            What is on sale
          </h2>
          <DropImages lines={lines} />
          <LinePicker
            lines={lines}
            counters={live.counters}
            selected={variantId}
            onSelect={setVariantId}
            disabled={state === 'closed' || state === 'cancelled'}
          />
        </section>
        <aside className="card drop-action stack" aria-label="Buy">
          {state === 'scheduled' && opensAt && !opening && (
            <Countdown
              target={opensAt}
              now={now}
              label={d.earlyAccessStartsAt ? 'Early access opens' : 'Opens'}
            />
          )}
          {schedule.length > 0 && (
            <p className="muted">
              {schedule.map((fact, i) => (
                <span key={fact.label}>
                  {i > 0 && ' · '}
                  {fact.label} <time dateTime={fact.at}>{formatInstant(fact.at)}</time>
                </span>
              ))}
            </p>
          )}
          {state !== 'closed' && state !== 'cancelled' && (
            <ShippingQuote dropId={d.id} variantId={variantId} quantity={quantity} />
          )}
          <DropAction
            drop={d}
            state={state}
            variantId={variantId}
            quantity={quantity}
            onQuantity={setQuantity}
            opening={opening}
          />
          {!live.connected && (
            <p className="hint" role="status">
              Reconnecting to live counters…
            </p>
          )}
          {raffleDrawn && (
            <p>
              <Link href={`/fairness/${d.id}`}>Check the draw</Link>
            </p>
          )}
        </aside>
      </div>
      {state === 'sold_out' && d.releaseMode !== 'raffle' && (
        <Notice tone="warning">
          Everything is held or sold. Held units that are not paid for come back.
        </Notice>
      )}
    </article>
  );
}

type DropLines = NonNullable<ReturnType<typeof useDrop>['data']>['lines'];

/** Each item's images once, in the collective's order; a placeholder until an item has one. */
function DropImages({ lines }: { lines: DropLines }) {
  const items = [...new Map(lines.map((line) => [line.item.id, line.item])).values()];
  const images = items.flatMap((item) => item.images);
  if (images.length === 0) {
    return (
      <div className="row">
        <div className="placeholder-image" role="img" aria-label="No image yet">
          No image yet
        </div>
      </div>
    );
  }
  return (
    <div className="image-strip">
      {images.map((image, index) => (
        <ItemImage key={image.id} image={image} eager={index === 0} />
      ))}
    </div>
  );
}
