import { readVariantLabels } from '@limited-run/catalog';
import { readDropTerms } from '@limited-run/drops';
import { HoldSales, readHoldForPayment } from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
import {
  type CheckoutSessionView,
  type PaymentEvent,
  PaymentEventsInbox,
} from '@limited-run/payments';
import { DomainError, PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import {
  moveLockedOrderIf,
  PAYMENT_APPLIED,
  transitionLockedOrder,
} from '../orders/order-lifecycle';
import { confirmationMail } from '../orders/order-mail';
import { Order } from '../orders/order.entity';
import { orderPageUrl } from '../orders/order-page-url';
import { EditionSerials } from '../serials/edition-serials';
import { checkShipping } from '../orders/shipping-offer';
import { ChargeEvents } from './charge-events';
import { MismatchedPayments } from './mismatched-payments';
import { findPaymentMismatch, shippingMismatch } from './payment-mismatch';
import { RefundJobs } from './refund-jobs';

type SessionEventType = Extract<PaymentEvent, { kind: 'checkout_session' }>['type'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settles orders from payment events (docs/design.md, invariant 4): every successful payment
 * ends as exactly one paid order, or as one refund the fan is told about, whatever order and
 * however often the events arrive. Each event is applied in one transaction with its inbox row
 * and its order row locked; order states only move forward, so a late or repeated event changes
 * nothing. What the settlement justifies outside Postgres (the Redis gate and live counters,
 * the mail, a refund job) is registered with platform's `afterCommit` by whoever does it
 * (`HoldSales.convert`, `NotificationsService.record`, `RefundJobs.enqueueAfterCommit`) and
 * runs once the transaction commits. The walk: docs/architecture.md, "The payment path".
 */
@Injectable()
export class OrderPayments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: PaymentEventsInbox,
    private readonly sales: HoldSales,
    private readonly serials: EditionSerials,
    private readonly notifications: NotificationsService,
    private readonly refundJobs: RefundJobs,
    private readonly mismatched: MismatchedPayments,
    private readonly charges: ChargeEvents,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OrderPayments.name);
  }

  /**
   * The worker's entry point for one stored event: claim it in the inbox, settle the order, mark
   * the event processed, commit; then the after-commit steps run. A failure rolls all of it
   * back, is counted on the event, and is rethrown so the queue retries.
   */
  async processEvent(eventId: string): Promise<string> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const claimed = await this.inbox.claim(manager, eventId);
        if (claimed.kind === 'skip') return claimed.outcome;
        const outcome = await this.apply(manager, claimed.event);
        await this.inbox.markProcessed(manager, claimed.rowId, outcome);
        return outcome;
      });
    } catch (error) {
      await this.inbox.recordFailure(eventId, error);
      throw error;
    }
  }

  /**
   * Applies what the provider says a session is now, outside any event (the hold-expiry check
   * found it completed). The event, when it comes, then finds the work done.
   */
  settleSession(type: SessionEventType, session: CheckoutSessionView): Promise<string> {
    return this.dataSource.transaction((manager) => this.onSession(manager, type, session));
  }

  private async apply(manager: EntityManager, event: PaymentEvent): Promise<string> {
    switch (event.kind) {
      case 'checkout_session':
        return this.onSession(manager, event.type, event.session);
      case 'charge_refunded':
        return this.charges.onChargeRefunded(manager, event.charge);
      case 'refund':
        return this.charges.onRefund(manager, event.refund);
      case 'dispute':
        return this.charges.onDispute(manager, event.dispute);
      case 'ignored':
        return 'ignored';
    }
  }

  private async onSession(
    manager: EntityManager,
    type: SessionEventType,
    session: CheckoutSessionView,
  ): Promise<string> {
    const order = await this.lockOrderOf(manager, session);
    if (!order) {
      this.logger.error({ sessionId: session.id, type }, 'payment event for no order we know');
      return 'unmatched';
    }
    if (order.stripeSessionId === null) {
      // The session was created but its id never reached the order (the API died in between).
      await manager.update(Order, order.id, { stripeSessionId: session.id });
    } else if (order.stripeSessionId !== session.id) {
      const paidFor =
        session.paymentIntentId !== null &&
        session.paymentStatus !== 'unpaid' &&
        (type === 'checkout.session.completed' ||
          type === 'checkout.session.async_payment_succeeded');
      if (paidFor) return this.mismatched.refundForeignSession(manager, order, session);
      this.logger.error(
        { orderId: order.id, sessionId: session.id, orderSession: order.stripeSessionId, type },
        'payment event for another session of this order',
      );
      return 'foreign-session';
    }
    const paid = session.paymentStatus !== 'unpaid';
    switch (type) {
      case 'checkout.session.completed':
        if (paid) return this.paid(manager, order, session);
        // A delayed method: the money is not there yet. The hold runs out on its own; the
        // settled payment then sells free units or is refunded.
        return moveLockedOrderIf(manager, order, ['awaiting_payment'], 'awaiting_async_payment');
      case 'checkout.session.async_payment_succeeded':
        return this.paid(manager, order, session);
      case 'checkout.session.async_payment_failed':
        return moveLockedOrderIf(
          manager,
          order,
          ['awaiting_payment', 'awaiting_async_payment'],
          'payment_failed',
        );
      case 'checkout.session.expired':
        return moveLockedOrderIf(manager, order, ['awaiting_payment'], 'expired');
    }
  }

  /**
   * The payment is in. Its hold still active: the hold becomes the sale. Hold gone but units
   * free: they are sold instead. Nothing left: the payment is refunded and the fan told why.
   */
  private async paid(
    manager: EntityManager,
    order: Order,
    session: CheckoutSessionView,
  ): Promise<string> {
    if (PAYMENT_APPLIED.includes(order.status)) return 'already-applied';
    const paymentIntentId = session.paymentIntentId;
    if (!paymentIntentId) throw new Error(`paid session ${session.id} has no payment intent`);
    // A signed event is genuine, not necessarily right: money that is not the order's price
    // never pays the order (docs/design.md, invariant 4: it ends as a refund).
    // Shipping too: an address outside the drop's countries, or an option of another zone, is
    // refused the same way (docs/shipping.md: Stripe offers every option to every address).
    const shipping = checkShipping(order, session);
    if (!shipping.ok) {
      const refused = shippingMismatch(order, session, shipping.reason);
      return this.mismatched.refuse(manager, order, refused, paymentIntentId);
    }
    const expected = { ...order, amountMinor: shipping.fields.totalMinor };
    const mismatch = findPaymentMismatch(expected, session);
    if (mismatch) return this.mismatched.refuse(manager, order, mismatch, paymentIntentId);

    const hold = await readHoldForPayment(manager, order.holdId, 'update');
    const drop = await readDropTerms(manager, order.dropId);
    const cancelled = drop?.state === 'cancelled';
    // A cancelled drop sells nothing, whatever the order of events (its holds ended with it).
    // Either sale mirrors itself in the Redis gate and the live feed once this commits.
    const converting = hold?.status === 'active' && !cancelled;
    if (!converting && hold?.status !== 'converted') {
      const sold = !cancelled && (await this.sellInstead(manager, order, session));
      if (!sold) {
        const reason = cancelled ? 'drop_cancelled' : 'units_gone';
        return this.refundUnsold(manager, order, session.id, paymentIntentId, reason);
      }
    }
    await transitionLockedOrder(manager, order.id, order.status, 'paid', {
      stripePaymentIntentId: paymentIntentId,
      paid: true,
      shipping: shipping.fields,
    });
    // One read of the variant serves its numbers and the mail; the mail names the drop read above.
    const variant = (await readVariantLabels(manager, [order.variantId])).get(order.variantId);
    // The drop line's row is the drop's hottest lock (every grant and sale of the variant
    // takes it), held until commit: so it is taken after the order's own writes, and before
    // the edition's numbers, as every other sale takes the two (docs/benchmarks.md, "Where a
    // paid order waits").
    if (converting) await this.sales.convert(manager, order.holdId, `paid, session ${session.id}`);
    const serials = await this.serials.issue(manager, order, variant);
    const paidOrder = { ...order, ...shipping.fields } as Order;
    await this.notifications.record(
      manager,
      await confirmationMail(manager, paidOrder, serials, orderPageUrl(this.config, order.id), {
        dropName: drop?.name,
        variant,
      }),
    );
    return 'order-paid';
  }

  /** Paid, but nothing can be sold: the order waits for its refund, which tells the fan why. */
  private async refundUnsold(
    manager: EntityManager,
    order: Order,
    sessionId: string,
    paymentIntentId: string,
    refundReason: 'drop_cancelled' | 'units_gone',
  ): Promise<string> {
    await transitionLockedOrder(manager, order.id, order.status, 'refund_pending', {
      stripePaymentIntentId: paymentIntentId,
      refundReason,
    });
    this.logger.warn(
      { orderId: order.id, sessionId },
      'paid after the hold ended and nothing is left: refunding',
    );
    await this.refundJobs.enqueueAfterCommit(manager, order.id);
    return 'refund-requested';
  }

  /** Units sold without the hold (it ended before the payment landed); false if none are left. */
  private async sellInstead(
    manager: EntityManager,
    order: Order,
    session: CheckoutSessionView,
  ): Promise<boolean> {
    try {
      // A savepoint: a refused sale leaves nothing behind in this transaction, after-commit
      // steps included.
      await manager.transaction((inner) =>
        this.sales.sellWithoutHold(inner, {
          dropId: order.dropId,
          variantId: order.variantId,
          userId: order.userId,
          quantity: order.quantity,
          key: `sale:${session.id}`,
          reason: `paid after its hold ended, session ${session.id}`,
        }),
      );
      return true;
    } catch (error) {
      // Sold out, not enough left, the drop cancelled: a business answer, refund. Anything
      // else (the database) is rethrown so the event is retried.
      if (error instanceof DomainError && error.kind !== 'unavailable') {
        this.logger.info({ orderId: order.id, code: error.code }, 'late payment cannot be sold');
        return false;
      }
      throw error;
    }
  }

  private async lockOrderOf(
    manager: EntityManager,
    session: CheckoutSessionView,
  ): Promise<Order | null> {
    const orderId = session.metadata.orderId ?? session.clientReferenceId;
    const repo = manager.getRepository(Order);
    const lock = { mode: 'pessimistic_write' } as const;
    if (orderId && UUID.test(orderId)) return repo.findOne({ where: { id: orderId }, lock });
    return repo.findOne({ where: { stripeSessionId: session.id }, lock });
  }
}
