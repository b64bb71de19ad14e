import { useState } from 'react';
import { formatMoney } from '../../lib/format';
import { ErrorNotice, Notice } from '../../ui/status';
import { useRecordReturn } from '../fulfilment/fulfilment-hooks';
import type { ConsoleOrderDetail } from './order-hooks';

/** A parcel can come back once it has left: shipped or delivered. */
const LEFT = new Set(['shipped', 'delivered']);

/**
 * Records a returned parcel and, if chosen, refunds the whole payment through the refund path,
 * with or without putting the units back on sale. Owners and admins only: it may move money.
 */
export function OrderReturn({
  collective,
  order,
  mayRefund,
}: {
  collective: string;
  order: ConsoleOrderDetail;
  mayRefund: boolean;
}) {
  const state = order.fulfilment.status;
  if (!LEFT.has(state) && state !== 'returned') return null;
  return (
    <section className="card stack" aria-labelledby="return-heading">
      <h2 id="return-heading">Return</h2>
      {state === 'returned' && (
        <p>
          The parcel came back
          {order.status === 'refunded' || order.status === 'refund_pending'
            ? ' and the order was refunded.'
            : '; the order was not refunded.'}
        </p>
      )}
      {LEFT.has(state) &&
        (mayRefund ? (
          <RecordReturn collective={collective} order={order} />
        ) : (
          <p className="muted">
            Only the collective&apos;s owners record returns and refund orders.
          </p>
        ))}
    </section>
  );
}

function RecordReturn({ collective, order }: { collective: string; order: ConsoleOrderDetail }) {
  const [refund, setRefund] = useState(true);
  const [returnUnits, setReturnUnits] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const record = useRecordReturn(collective, order.id);
  const refundable = order.status === 'paid';
  const willRefund = refund && refundable;
  const amount = formatMoney(order.shipping.totalMinor ?? order.amountMinor, order.currency);
  const change = (apply: () => void) => {
    apply();
    setConfirming(false);
  };
  return (
    <div className="stack">
      <p className="hint">
        Record a parcel that came back to you. The fan is refunded the whole payment (goods,
        shipping and tax) if you choose to.
      </p>
      {refundable && (
        <label className="row">
          <input
            type="checkbox"
            checked={refund}
            onChange={(e) => change(() => setRefund(e.target.checked))}
          />
          Refund {amount} to {order.buyer.displayName}
        </label>
      )}
      {willRefund && (
        <>
          <label className="row">
            <input
              type="checkbox"
              checked={returnUnits}
              onChange={(e) => change(() => setReturnUnits(e.target.checked))}
            />
            Return the units to the edition
          </label>
          <p className="hint">
            {returnUnits
              ? `The ${order.quantity} units go back on sale in the drop and their edition numbers are freed.`
              : 'The units stay out of the edition (damaged, kept back).'}
          </p>
        </>
      )}
      {!confirming ? (
        <div>
          <button
            type="button"
            className={`button${willRefund ? ' danger' : ' secondary'}`}
            onClick={() => setConfirming(true)}
          >
            Record the return…
          </button>
        </div>
      ) : (
        <div className="stack" role="group" aria-label="Confirm the return">
          <p>
            Record that order {order.id.slice(0, 8)} came back
            {willRefund
              ? ` and refund ${amount} to ${order.buyer.displayName}${
                  returnUnits ? ', returning the units to the edition' : ', keeping the units out'
                }? This cannot be undone.`
              : ', without a refund?'}
          </p>
          <div className="row">
            <button
              type="button"
              className={`button${willRefund ? ' danger' : ''}`}
              disabled={record.isPending}
              onClick={() =>
                record.mutate({
                  refund: willRefund,
                  ...(willRefund ? { returnUnitsToDrop: returnUnits } : {}),
                })
              }
            >
              Confirm the return
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              Go back
            </button>
          </div>
        </div>
      )}
      {record.isError && <ErrorNotice error={record.error} title="The return was not recorded" />}
      {record.isSuccess && (
        <Notice tone="success" alert>
          {record.data.status === 'refund_pending'
            ? 'Return recorded. Refund requested: the payment provider is slow to answer; it completes on its own.'
            : willRefund
              ? 'Return recorded and refunded.'
              : 'Return recorded.'}
        </Notice>
      )}
    </div>
  );
}
