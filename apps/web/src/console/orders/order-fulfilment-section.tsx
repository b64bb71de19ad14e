import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/api-error';
import { formatInstant } from '../../lib/format';
import { Field } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/status';
import { FULFILMENT_LABELS, refusedOrders, useFulfilOrder } from '../fulfilment/fulfilment-hooks';
import { isWaitingForShipDate } from '../fulfilment/ship-dates';
import type { ConsoleOrderDetail } from './order-hooks';

/** The parcel's state with its tracking, and the next move forward for staff and owners. */
export function OrderFulfilmentSection({
  collective,
  order,
}: {
  collective: string;
  order: ConsoleOrderDetail;
}) {
  const f = order.fulfilment;
  const waiting = isWaitingForShipDate(order);
  const stamps: Array<[string, string | null]> = [
    ['Packed', f.packedAt],
    ['Shipped', f.shippedAt],
    ['Delivered', f.deliveredAt],
    ['Returned', f.returnedAt],
  ];
  return (
    <section className="stack" aria-labelledby="fulfilment-heading">
      <h2 id="fulfilment-heading">Fulfilment</h2>
      <dl className="attributes order-facts">
        <div className="attribute">
          <dt>State</dt>
          <dd>{FULFILMENT_LABELS[f.status] ?? f.status}</dd>
        </div>
        {f.expectedShipDate && (
          <div className="attribute">
            <dt>Expected ship date</dt>
            <dd>
              {f.expectedShipDate}
              {waiting && ' (pre-release: it cannot ship before then)'}
            </dd>
          </div>
        )}
        {f.trackingNumber && (
          <div className="attribute">
            <dt>Tracking</dt>
            <dd>
              {f.carrier ? `${f.carrier} ` : ''}
              {f.trackingUrl ? (
                <a href={f.trackingUrl} target="_blank" rel="noreferrer noopener">
                  {f.trackingNumber}
                </a>
              ) : (
                f.trackingNumber
              )}
            </dd>
          </div>
        )}
        {stamps
          .filter(([, at]) => at)
          .map(([label, at]) => (
            <div className="attribute" key={label}>
              <dt>{label}</dt>
              <dd>{formatInstant(at)}</dd>
            </div>
          ))}
      </dl>
      {order.status === 'paid' && <MoveOrder collective={collective} order={order} />}
    </section>
  );
}

function MoveOrder({ collective, order }: { collective: string; order: ConsoleOrderDetail }) {
  const move = useFulfilOrder(collective, order.id);
  const [carrier, setCarrier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const [trackingUrl, setTrackingUrl] = useState('');
  const state = order.fulfilment.status;
  const early = refusedOrders(move.error).find((r) => r.expectedShipDate);

  const ship = (event: FormEvent) => {
    event.preventDefault();
    move.mutate({
      status: 'shipped',
      trackingNumber: trackingNumber.trim(),
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
      ...(trackingUrl.trim() ? { trackingUrl: trackingUrl.trim() } : {}),
    });
  };
  if (state !== 'unfulfilled' && state !== 'packed' && state !== 'shipped') return null;
  return (
    <div className="card stack">
      {state === 'unfulfilled' && (
        <div>
          <button
            type="button"
            className="button secondary"
            disabled={move.isPending}
            onClick={() => move.mutate({ status: 'packed' })}
          >
            Mark packed
          </button>
        </div>
      )}
      {(state === 'unfulfilled' || state === 'packed') && (
        <form className="stack" aria-label="Ship this order" onSubmit={ship}>
          <h3>Ship</h3>
          <div className="field-pair">
            <Field
              label="Carrier"
              maxLength={60}
              value={carrier}
              onChange={(e) => setCarrier(e.target.value)}
            />
            <Field
              label="Tracking number"
              required
              maxLength={100}
              value={trackingNumber}
              onChange={(e) => setTrackingNumber(e.target.value)}
            />
          </div>
          <Field
            label="Tracking link"
            type="url"
            hint="Optional: the carrier's page for this parcel. The fan is mailed it once."
            value={trackingUrl}
            onChange={(e) => setTrackingUrl(e.target.value)}
          />
          <div>
            <button type="submit" className="button" disabled={move.isPending}>
              Mark shipped
            </button>
          </div>
        </form>
      )}
      {state === 'shipped' && (
        <div>
          <button
            type="button"
            className="button secondary"
            disabled={move.isPending}
            onClick={() => move.mutate({ status: 'delivered' })}
          >
            Mark delivered
          </button>
        </div>
      )}
      {early ? (
        <Notice tone="danger" title="Not shipped: this order is pre-release" alert>
          <p>
            Its item cannot ship before {early.expectedShipDate}, its expected ship date. Pack it
            now and ship it from that day.
          </p>
        </Notice>
      ) : (
        move.error && (
          <ErrorNotice
            error={move.error}
            title={
              isApiError(move.error, 'ORDERS_NOT_FULFILLABLE')
                ? 'This order cannot move there'
                : 'The order was not moved'
            }
          />
        )
      )}
    </div>
  );
}
