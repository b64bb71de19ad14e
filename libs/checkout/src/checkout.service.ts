import { checkoutReturnUrls } from './checkout-return-urls';
import { readHoldStates } from '@limited-run/inventory';
import { PaymentsPort, type CheckoutSessionView } from '@limited-run/payments';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShippingService } from '@limited-run/shipping';
import { DataSource, type EntityManager } from 'typeorm';
import {
  checkoutRefusal,
  type HoldForCheckout,
  lockHoldForCheckoutWithTerms,
} from './checkout-hold';
import { HoldExpiredError } from './checkout.errors';
import { Order, type ShippingOffer } from './orders/order.entity';
import { offerWithRateIds, shippingRequest } from './orders/shipping-offer';
import { rows } from '@limited-run/platform';

/**
 * Stripe wants `expires_at` 30 min–24 h after it receives the request. Holds are usually much
 * shorter; the worker ends the session when the hold ends. The five minutes above Stripe's
 * floor let a retry of the same request, minutes later, still pass with identical parameters.
 */
export const SESSION_MIN_LIFETIME_SECONDS = 35 * 60;

/** Below this a stored `expires_at` would be refused by Stripe: it is recomputed (new key). */
const SESSION_FLOOR_SECONDS = 31 * 60;

export interface CheckoutStarted {
  orderId: string;
  sessionId: string;
  checkoutUrl: string;
  expiresAt: Date;
}

/** What opening a session and attaching it use of the order. */
type SessionOrder = Pick<
  Order,
  | 'id'
  | 'stripeSessionId'
  | 'checkoutUrl'
  | 'sessionExpiresAt'
  | 'currency'
  | 'unitPriceMinor'
  | 'quantity'
  | 'shippingOffer'
>;

@Injectable()
export class CheckoutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly port: PaymentsPort,
    private readonly config: PlatformConfig,
    private readonly shipping: ShippingService,
  ) {}

  /** What the payment page will offer: fixed now, so every retry sends Stripe the same. */
  private async offerFor(
    manager: EntityManager,
    hold: HoldForCheckout,
  ): Promise<ShippingOffer | null> {
    const price = hold.price_minor ?? 0;
    const shipping = await this.shipping.forCheckout(manager, hold.drop_id, {
      currency: hold.currency ?? '',
      goodsMinor: price * hold.quantity,
      quantity: hold.quantity,
    });
    if (!shipping) return null;
    return {
      profileId: shipping.profileId,
      allowedCountries: shipping.allowedCountries,
      automaticTax: this.config.get('STRIPE_AUTOMATIC_TAX') === 'true',
      options: shipping.options.map((option) => ({ ...option, rateId: null })),
    };
  }

  /**
   * Takes the fan's hold to a hosted Stripe checkout. Prices come from the drop line; the
   * idempotency key and every parameter are derived from the hold and its order, so a retry
   * (a double click, a timeout) gets the same session back, never a second one.
   */
  async start(userId: string, dropId: string, holdId: string): Promise<CheckoutStarted> {
    const { order, hold } = await this.dataSource.transaction((manager) =>
      this.orderForHold(manager, userId, dropId, holdId),
    );
    if (order.stripeSessionId && order.checkoutUrl) {
      return {
        orderId: order.id,
        sessionId: order.stripeSessionId,
        checkoutUrl: order.checkoutUrl,
        expiresAt: order.sessionExpiresAt,
      };
    }
    const session = await this.openSession(order, hold);
    await this.attachSession(order, session);
    return {
      orderId: order.id,
      sessionId: session.id,
      checkoutUrl: session.url ?? '',
      expiresAt: session.expiresAt,
    };
  }

  /**
   * The hold's order, created on the first attempt, with the hold it was read with; both rows
   * locked, so two attempts at once meet one order. An existing order is locked before the
   * hold, the order in which a payment locks them (`OrderPayments`): a checkout retried while
   * its payment is applied waits for it instead of deadlocking with it.
   */
  private async orderForHold(
    manager: EntityManager,
    userId: string,
    dropId: string,
    holdId: string,
  ): Promise<{ order: SessionOrder; hold: HoldForCheckout }> {
    const lockOrder = () =>
      manager
        .getRepository(Order)
        .findOne({ where: { holdId }, lock: { mode: 'pessimistic_write' } });
    const before = await lockOrder();
    const hold = await lockHoldForCheckoutWithTerms(manager, userId, dropId, holdId);
    if (!before && checkoutRefusal(hold, null) === null) {
      const created = await this.createOrder(manager, hold);
      if (created) return { order: created, hold };
    }
    // Another first attempt made the order while this one waited for the hold (its insert met
    // the order's unique hold), or the hold has moved on and the order, if any, says why.
    const existing = before ?? (await lockOrder());
    const refusal = checkoutRefusal(hold, existing);
    if (refusal) throw refusal;
    if (!existing)
      throw new Error(`hold ${hold.id} is open but its order was neither made nor found`);
    if (existing.stripeSessionId === null) {
      const renewed = await this.renewUnsentExpiry(manager, existing.id);
      if (renewed) existing.sessionExpiresAt = renewed;
    }
    return { order: existing, hold };
  }

  /**
   * Prices the hold from its drop line and writes its order; null if another attempt wrote it
   * first. The order is answered from what was written, not read back.
   */
  private async createOrder(
    manager: EntityManager,
    hold: HoldForCheckout,
  ): Promise<SessionOrder | null> {
    const offer = await this.offerFor(manager, hold);
    const [created] = await rows<{ id: string; session_expires_at: Date }>(
      manager,
      `INSERT INTO orders (hold_id, user_id, collective_id, drop_id, variant_id, quantity,
                           unit_price_minor, amount_minor, currency, session_expires_at,
                           shipping_offer, expected_ship_date)
       VALUES ($1, $2, $3, $4, $5, $6::int, $7::int, $7::int * $6::int, $8,
               date_trunc('second', greatest($12::timestamptz, now() + make_interval(secs => $9))),
               $10::jsonb, $11::date)
       ON CONFLICT ON CONSTRAINT "UQ_orders_hold" DO NOTHING
       RETURNING id, session_expires_at`,
      [
        hold.id,
        hold.user_id,
        hold.collective_id,
        hold.drop_id,
        hold.variant_id,
        hold.quantity,
        hold.price_minor,
        hold.currency,
        SESSION_MIN_LIFETIME_SECONDS,
        offer ? JSON.stringify(offer) : null,
        hold.expected_ship_date,
        hold.expires_at,
      ],
    );
    if (!created) return null;
    return {
      id: created.id,
      stripeSessionId: null,
      checkoutUrl: null,
      sessionExpiresAt: new Date(created.session_expires_at),
      currency: hold.currency ?? '',
      unitPriceMinor: hold.price_minor ?? 0,
      quantity: hold.quantity,
      shippingOffer: offer,
    };
  }

  /**
   * No session was ever confirmed for this order. If the stored expiry is now too close for
   * Stripe, the first attempt never ran there (it would have been replayed): move it, which
   * also makes a new idempotency key. Answers the new expiry, if it moved.
   */
  private async renewUnsentExpiry(
    manager: EntityManager,
    orderId: string,
  ): Promise<Date | undefined> {
    const [renewed] = await rows<{ session_expires_at: Date }>(
      manager,
      `UPDATE orders
          SET session_expires_at = date_trunc('second', now() + make_interval(secs => $2)),
              updated_at = now()
        WHERE id = $1 AND session_expires_at < now() + make_interval(secs => $3)
       RETURNING session_expires_at`,
      [orderId, SESSION_MIN_LIFETIME_SECONDS, SESSION_FLOOR_SECONDS],
    );
    return renewed && new Date(renewed.session_expires_at);
  }

  /** Opens the Stripe session; every parameter and the key come from the order and its hold. */
  private openSession(order: SessionOrder, hold: HoldForCheckout): Promise<CheckoutSessionView> {
    const expiresAt = new Date(order.sessionExpiresAt);
    return this.port.createCheckoutSession(
      {
        currency: order.currency,
        lines: [
          {
            name: `${hold.item_title} — ${hold.variant_label}`,
            unitAmountMinor: order.unitPriceMinor,
            quantity: order.quantity,
          },
        ],
        expiresAt,
        customerEmail: hold.email,
        clientReferenceId: order.id,
        metadata: { holdId: hold.id, orderId: order.id, dropId: hold.drop_id },
        ...checkoutReturnUrls(this.config, order.id),
        ...shippingRequest(order.shippingOffer),
      },
      `checkout:${hold.id}:${Math.floor(expiresAt.getTime() / 1000)}`,
    );
  }

  /**
   * Records the session on its order. If the hold ran out while Stripe answered, its expiry saw
   * no session to end: the session is ended here, so the fan cannot pay for units that are
   * back on sale. No transaction: the session is stored (and visible to the expiry) before the
   * hold is looked at, which is the order the race needs; a transaction would add two round
   * trips and hold a connection across them.
   */
  private async attachSession(order: SessionOrder, session: CheckoutSessionView): Promise<void> {
    const [stored] = await rows<{ hold_id: string }>(
      this.dataSource,
      `UPDATE orders SET stripe_session_id = $2, checkout_url = $3, updated_at = now(),
              shipping_offer = coalesce($4::jsonb, shipping_offer)
        WHERE id = $1 AND stripe_session_id IS NULL
       RETURNING hold_id`,
      [order.id, session.id, session.url, offerWithRateIds(order.shippingOffer, session)],
    );
    if (!stored) return;
    const holdStatus = (await readHoldStates(this.dataSource, [stored.hold_id])).get(
      stored.hold_id,
    )?.status;
    if (holdStatus !== undefined && holdStatus !== 'active') {
      await this.port.expireCheckoutSession(session.id).catch(() => undefined);
      throw new HoldExpiredError();
    }
  }
}
