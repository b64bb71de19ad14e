import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/api-error';
import { Field } from '../../ui/field';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice, Notice } from '../../ui/status';
import type { ConsoleOrder } from '../orders/order-hooks';
import {
  FULFILMENT_LABELS,
  type FulfilmentLine,
  type FulfilmentResult,
  type FulfilmentTarget,
  refusedOrders,
  useFulfilOrders,
} from './fulfilment-hooks';
import { isWaitingForShipDate } from './ship-dates';

/** Where an order may go from each state; forward only, as the API allows. */
export const NEXT: Record<string, FulfilmentTarget[]> = {
  unfulfilled: ['packed', 'shipped'],
  packed: ['shipped'],
  shipped: ['delivered'],
};
/** The bulk endpoint takes at most this many orders a request. */
const MAX_ORDERS = 500;

const ordersWord = (n: number) => `${n} ${n === 1 ? 'order' : 'orders'}`;
const shortId = (orderId: string) => orderId.slice(0, 8);

/**
 * Moves the selected orders of the page to one state in one request (all or none), with a
 * tracking number per parcel when shipping; then says what happened, or which orders the API
 * refused and why, with a way to leave those out.
 */
export function FulfilmentActions({
  collective,
  from,
  target,
  orders,
  selected,
  tracking,
  onSelect,
  onTargetChange,
  onDone,
}: {
  collective: string;
  from: string;
  target: FulfilmentTarget;
  orders: ConsoleOrder[];
  selected: Set<string>;
  tracking: Record<string, string>;
  onSelect: (selected: Set<string>) => void;
  onTargetChange: (target: FulfilmentTarget) => void;
  onDone: () => void;
}) {
  const targets = NEXT[from] ?? [];
  const [carrier, setCarrier] = useState('');
  const [trackingLink, setTrackingLink] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<{ result: FulfilmentResult; target: string }>();
  const fulfil = useFulfilOrders(collective);
  const chosen = orders.filter((order) => selected.has(order.id));
  const leaving = target === 'shipped' || target === 'delivered';
  const early = leaving ? chosen.filter(isWaitingForShipDate) : [];
  const allOnPage = orders.length > 0 && orders.every((order) => selected.has(order.id));
  const buyer = (orderId: string) =>
    orders.find((order) => order.id === orderId)?.buyer.displayName ?? 'another page';

  const choose = (next: FulfilmentTarget) => {
    setMissing([]);
    setOutcome(undefined);
    fulfil.reset();
    onTargetChange(next);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcome(undefined);
    const lines: FulfilmentLine[] = chosen.map((order) => {
      const number = (tracking[order.id] ?? '').trim();
      return {
        orderId: order.id,
        ...(target === 'shipped' && number
          ? {
              trackingNumber: number,
              ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
              ...(trackingLink.trim()
                ? {
                    trackingUrl: trackingLink
                      .trim()
                      .replaceAll('{number}', encodeURIComponent(number)),
                  }
                : {}),
            }
          : {}),
      };
    });
    const untracked =
      target === 'shipped'
        ? lines.filter((line) => !line.trackingNumber).map((l) => l.orderId)
        : [];
    setMissing(untracked);
    if (untracked.length > 0) return;
    const result = await fulfil.mutateAsync({ status: target, orders: lines });
    setOutcome({ result, target });
    onDone();
  }

  const refused = refusedOrders(fulfil.error);
  return (
    <form
      className="card stack"
      aria-label="Move the selected orders"
      onSubmit={(event) => void submit(event).catch(() => undefined)}
    >
      <h2>Move orders</h2>
      <div className="row">
        <label className="row">
          <input
            type="checkbox"
            checked={allOnPage}
            onChange={(e) => onSelect(new Set(e.target.checked ? orders.map((o) => o.id) : []))}
          />
          Select all {ordersWord(orders.length)} on this page
        </label>
        <span className="muted" role="status">
          {selected.size} selected
        </span>
      </div>
      <SelectField
        label="Move to"
        value={target}
        onChange={(e) => choose(e.target.value as FulfilmentTarget)}
        choices={targets.map((t) => ({ value: t, label: FULFILMENT_LABELS[t] }))}
      />
      {target === 'shipped' && (
        <>
          <div className="field-pair">
            <Field
              label="Carrier"
              maxLength={60}
              hint="Optional, e.g. CTT, DHL."
              value={carrier}
              onChange={(e) => setCarrier(e.target.value)}
            />
            <Field
              label="Tracking link"
              inputMode="url"
              hint="Optional: the carrier's tracking page, with {number} where the tracking number goes."
              placeholder="https://track.example.com/{number}"
              value={trackingLink}
              onChange={(e) => setTrackingLink(e.target.value)}
            />
          </div>
          <p className="hint">
            Type each parcel&apos;s tracking number in the table below. Each fan is mailed once,
            with the link, when their order is shipped.
          </p>
        </>
      )}
      {early.length > 0 && (
        <Notice tone="warning" title={`${ordersWord(early.length)} cannot ship yet`}>
          <p>
            Their items are pre-release: they cannot ship before their expected ship date, and the
            request is all or none. Leave them out to ship the others (packing them is fine).
          </p>
          <button
            type="button"
            className="button secondary button-small"
            onClick={() =>
              onSelect(new Set([...selected].filter((id) => !early.some((o) => o.id === id))))
            }
          >
            Leave the pre-release orders out
          </button>
        </Notice>
      )}
      {missing.length > 0 && (
        <Notice tone="danger" title="Tracking numbers missing" alert>
          <p>
            A shipped parcel needs its tracking number: {ordersWord(missing.length)} (
            {missing.map(shortId).join(', ')}) {missing.length === 1 ? 'has' : 'have'} none.
          </p>
        </Notice>
      )}
      {selected.size > MAX_ORDERS && (
        <Notice tone="warning">At most {MAX_ORDERS} orders move in one request.</Notice>
      )}
      <div>
        <button
          type="submit"
          className="button"
          disabled={fulfil.isPending || selected.size === 0 || selected.size > MAX_ORDERS}
        >
          Mark {ordersWord(selected.size)} {FULFILMENT_LABELS[target].toLowerCase()}
        </button>
      </div>
      {outcome && (
        <Notice tone="success" alert>
          {outcome.result.changed} of {ordersWord(outcome.result.orders.length)} marked{' '}
          {FULFILMENT_LABELS[outcome.target].toLowerCase()}
          {outcome.result.changed < outcome.result.orders.length
            ? `; ${outcome.result.orders.length - outcome.result.changed} already were`
            : ''}
          .{outcome.target === 'shipped' ? ' Their fans are mailed the tracking link.' : ''}
        </Notice>
      )}
      {fulfil.error && refused.length > 0 && (
        <Notice
          tone="danger"
          title={
            isApiError(fulfil.error, 'ORDERS_NOT_YET_SHIPPABLE')
              ? `Nothing moved: ${ordersWord(refused.length)} cannot ship before their expected ship date`
              : `Nothing moved: ${ordersWord(refused.length)} cannot become ${FULFILMENT_LABELS[target].toLowerCase()}`
          }
          alert
        >
          <p>The request is all or none, so no order changed. These were refused:</p>
          <ul aria-label="Refused orders">
            {refused.map((r) => (
              <li key={r.orderId}>
                Order {shortId(r.orderId)} ({buyer(r.orderId)}):{' '}
                {r.expectedShipDate
                  ? `pre-release, cannot ship before ${r.expectedShipDate}`
                  : r.message}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button secondary button-small"
            onClick={() => {
              onSelect(
                new Set([...selected].filter((id) => !refused.some((r) => r.orderId === id))),
              );
              fulfil.reset();
            }}
          >
            {refused.length === 1
              ? 'Leave this order out'
              : `Leave these ${refused.length} orders out`}
          </button>
        </Notice>
      )}
      {fulfil.error && refused.length === 0 && (
        <ErrorNotice error={fulfil.error} title="The orders were not moved" />
      )}
    </form>
  );
}
