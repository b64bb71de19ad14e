import { formatMoney } from '../../lib/format';
import { countryName } from '../shipping/shipping-hooks';
import type { ConsoleOrderDetail } from './order-hooks';

/** Where the parcel goes, the rate the fan chose and what they paid, in the order's currency. */
export function OrderShippingSection({ order }: { order: ConsoleOrderDetail }) {
  const { shipping, currency } = order;
  const address = shipping.address;
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  return (
    <section className="stack" aria-labelledby="shipping-heading">
      <h2 id="shipping-heading">Shipping</h2>
      {address ? (
        <div className="card" role="group" aria-label="Shipping address">
          <address>
            {[
              address.name,
              address.line1,
              address.line2,
              [address.postalCode, address.city].filter(Boolean).join(' '),
              address.state,
              `${countryName(address.country)} (${address.country})`,
            ]
              .filter(Boolean)
              .map((line, i) => (
                <span key={i}>
                  {line}
                  <br />
                </span>
              ))}
          </address>
        </div>
      ) : (
        <p className="muted">
          No address: the drop had no shipping profile when this order was made, so the fan was not
          asked for one.
        </p>
      )}
      <dl className="attributes order-facts">
        <div className="attribute">
          <dt>Rate</dt>
          <dd>{shipping.rateName ? `${shipping.rateName} (${shipping.zoneName ?? '—'})` : '—'}</dd>
        </div>
        <div className="attribute">
          <dt>Goods</dt>
          <dd>{formatMoney(order.amountMinor, currency)}</dd>
        </div>
        <div className="attribute">
          <dt>Shipping</dt>
          <dd>{money(shipping.shippingMinor)}</dd>
        </div>
        <div className="attribute">
          <dt>Tax</dt>
          <dd>{money(shipping.taxMinor)}</dd>
        </div>
        <div className="attribute">
          <dt>Total paid</dt>
          <dd>{money(shipping.totalMinor)}</dd>
        </div>
      </dl>
    </section>
  );
}
