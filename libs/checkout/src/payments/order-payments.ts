import { AuditLog } from '@limited-run/audit';
import { HoldsService, type InventoryChange } from '@limited-run/inventory';
import { NotificationsDispatcher, NotificationsService } from '@limited-run/notifications';
import {
  type ChargeView,
  type CheckoutSessionView,
  type DisputeView,
  type EventHandlingResult,
  type PaymentEvent,
  PaymentEventsInbox,
  PaymentRequestRejectedError,
  PaymentsPort,
  type RefundView,
} from '@limited-run/payments';
import { DomainError } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { AfterCommit } from '../after-commit';
import { PAYMENT_APPLIED, transitionLockedOrder } from '../orders/order-lifecycle';
import { confirmationMail, refundMail } from '../orders/order-mail';
import { Order, type OrderStatus } from '../orders/order.entity';
import { EditionSerials } from '../serials/edition-serials';
import { rows } from '@limited-run/platform';
import { checkShipping } from '../orders/shipping-offer';
import {
  findPaymentMismatch,
  shippingMismatch,
  type PaymentMismatch,
  PaymentMismatchReporter,
} from './payment-mismatch';
import { RefundJobs } from './refund-jobs';

type SessionEventType = Extract<PaymentEvent, { kind: 'checkout_session' }>['type'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SYSTEM = { userId: null, requestId: null };

/**
 * Turns payment events into orders (docs/design.md, invariant 4): every successful payment ends as
 * exactly one paid order, or as one refund the fan is told about, whatever order and however
 * often the events arrive. Each event is applied in one transaction with its order row locked;
 * order states only move forward, so a late or repeated event changes nothing.
 */
@Injectable()
export class OrderPayments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: PaymentEventsInbox,
    private readonly holds: HoldsService,
    private readonly serials: EditionSerials,
    private readonly notifications: NotificationsService,
    private readonly dispatcher: NotificationsDispatcher,
    private readonly refundJobs: RefundJobs,
    private readonly audit: AuditLog,
    private readonly mismatches: PaymentMismatchReporter,
    private readonly port: PaymentsPort,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OrderPayments.name);
  }

  /** The worker's entry point for one stored event. */
  processEvent(eventId: string): Promise<string> {
    return this.inbox.process(eventId, (manager, event) => this.apply(manager, event));
  }

  /**
   * Applies what the provider says a session is now, outside any event (the hold-expiry check
   * found it completed). The event, when it comes, then finds the work done.
   */
  async settleSession(type: SessionEventType, session: CheckoutSessionView): Promise<string> {
    const after = new AfterCommit();
    const outcome = await this.dataSource.transaction((manager) =>
      this.onSession(manager, type, session, after),
    );
    await after.run(this.logger);
    return outcome;
  }

  async apply(manager: EntityManager, event: PaymentEvent): Promise<EventHandlingResult> {
    const after = new AfterCommit();
    let outcome: string;
    switch (event.kind) {
      case 'checkout_session':
        outcome = await this.onSession(manager, event.type, event.session, after);
        break;
      case 'charge_refunded':
        outcome = await this.onChargeRefunded(manager, event.charge, after);
        break;
      case 'refund':
        outcome = await this.onRefund(manager, event.refund);
        break;
      case 'dispute':
        outcome = await this.onDispute(manager, event.dispute);
        break;
      case 'ignored':
        outcome = 'ignored';
        break;
    }
    return { outcome, afterCommit: after.isEmpty ? undefined : () => after.run(this.logger) };
  }

  private async onSession(
    manager: EntityManager,
    type: SessionEventType,
    session: CheckoutSessionView,
    after: AfterCommit,
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
      if (paidFor) return this.refundForeignSession(manager, order, session);
      this.logger.error(
        { orderId: order.id, sessionId: session.id, orderSession: order.stripeSessionId, type },
        'payment event for another session of this order',
      );
      return 'foreign-session';
    }
    const paid = session.paymentStatus !== 'unpaid';
    switch (type) {
      case 'checkout.session.completed':
        if (paid) return this.paid(manager, order, session, after);
        // A delayed method: the money is not there yet. The hold runs out on its own; the
        // settled payment then sells free units or is refunded.
        return this.move(manager, order, ['awaiting_payment'], 'awaiting_async_payment');
      case 'checkout.session.async_payment_succeeded':
        return this.paid(manager, order, session, after);
      case 'checkout.session.async_payment_failed':
        return this.move(
          manager,
          order,
          ['awaiting_payment', 'awaiting_async_payment'],
          'payment_failed',
        );
      case 'checkout.session.expired':
        return this.move(manager, order, ['awaiting_payment'], 'expired');
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
    after: AfterCommit,
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
      return this.refuseMismatch(manager, order, refused, paymentIntentId, after);
    }
    const expected = { ...order, amountMinor: shipping.fields.totalMinor };
    const mismatch = findPaymentMismatch(expected, session);
    if (mismatch) return this.refuseMismatch(manager, order, mismatch, paymentIntentId, after);

    const [hold] = await rows<{ status: string }>(
      manager,
      `SELECT status FROM holds WHERE id = $1 FOR UPDATE`,
      [order.holdId],
    );
    const [drop] = await rows<{ state: string }>(manager, `SELECT state FROM drops WHERE id = $1`, [
      order.dropId,
    ]);
    const cancelled = drop?.state === 'cancelled';
    let change: InventoryChange | undefined;
    // A cancelled drop sells nothing, whatever the order of events (its holds ended with it).
    if (hold?.status === 'active' && !cancelled) {
      change = {
        kind: 'converted',
        hold: await this.holds.convert(manager, order.holdId, `paid, session ${session.id}`),
      };
    } else if (hold?.status !== 'converted') {
      change = cancelled ? undefined : await this.sellInstead(manager, order, session);
      if (!change) {
        await transitionLockedOrder(manager, order.id, order.status, 'refund_pending', {
          stripePaymentIntentId: paymentIntentId,
          refundReason: cancelled ? 'drop_cancelled' : 'units_gone',
        });
        this.logger.warn(
          { orderId: order.id, sessionId: session.id },
          'paid after the hold ended and nothing is left: refunding',
        );
        after.add('enqueue refund', () => this.refundJobs.enqueue(order.id));
        return 'refund-requested';
      }
    }
    await transitionLockedOrder(manager, order.id, order.status, 'paid', {
      stripePaymentIntentId: paymentIntentId,
      paid: true,
    });
    await manager.update(Order, order.id, shipping.fields);
    const serials = await this.serials.issue(manager, order);
    const mail = await this.notifications.record(
      manager,
      await confirmationMail(manager, order, serials),
    );
    const sold = change;
    if (sold) after.add('mirror inventory', () => this.holds.afterCommit(sold));
    after.add('dispatch confirmation', () => this.dispatcher.dispatch([mail.id]));
    return 'order-paid';
  }

  /**
   * Money paid through a session that is not the order's own: it never pays the order (whose
   * own session may still be paid), and goes back in full under the session's key, so however
   * often the event comes it is refunded once. The refund is asked for before the event commits:
   * if the provider cannot be reached the event fails and is retried, and the key keeps it one.
   */
  private async refundForeignSession(
    manager: EntityManager,
    order: Order,
    session: CheckoutSessionView,
  ): Promise<string> {
    const paymentIntentId = session.paymentIntentId as string;
    const mismatch: PaymentMismatch = {
      orderId: order.id,
      sessionId: session.id,
      paymentIntentId,
      field: 'session',
      expected: { amountMinor: order.amountMinor, currency: order.currency },
      received: { amountMinor: session.amountTotalMinor, currency: session.currency },
    };
    try {
      await this.port.refund(
        { paymentIntentId, metadata: { orderId: order.id, reason: 'payment_mismatch' } },
        `refund:${session.id}`,
      );
    } catch (error) {
      const alreadyBack =
        error instanceof PaymentRequestRejectedError &&
        error.providerCode === 'charge_already_refunded';
      if (!alreadyBack) throw error;
    }
    await this.audit.record(manager, {
      actor: SYSTEM,
      action: 'order.payment_mismatch',
      targetType: 'order',
      targetId: order.id,
      collectiveId: order.collectiveId,
      before: { status: order.status },
      after: { status: order.status, sessionId: session.id, refunded: true },
    });
    await this.mismatches.reportPaymentMismatch(manager, mismatch);
    return 'foreign-session-refunded';
  }

  /**
   * The payment is not for what the order costs: refunded in full (under the session's key, so
   * once), the order ends refunded and never paid, its hold runs out and its units sell again.
   */
  private async refuseMismatch(
    manager: EntityManager,
    order: Order,
    mismatch: PaymentMismatch,
    paymentIntentId: string,
    after: AfterCommit,
  ): Promise<string> {
    await transitionLockedOrder(manager, order.id, order.status, 'refund_pending', {
      stripePaymentIntentId: paymentIntentId,
      refundReason: 'payment_mismatch',
    });
    await this.audit.record(manager, {
      actor: SYSTEM,
      action: 'order.payment_mismatch',
      targetType: 'order',
      targetId: order.id,
      collectiveId: order.collectiveId,
      before: { status: order.status },
      after: {
        status: 'refund_pending',
        sessionId: mismatch.sessionId,
        expected: mismatch.expected,
        received: mismatch.received,
      },
    });
    await this.mismatches.reportPaymentMismatch(manager, mismatch);
    after.add('enqueue refund', () => this.refundJobs.enqueue(order.id));
    return 'payment-mismatch-refunding';
  }

  /** Units sold without the hold (it ended before the payment landed), or undefined if none are left. */
  private async sellInstead(
    manager: EntityManager,
    order: Order,
    session: CheckoutSessionView,
  ): Promise<InventoryChange | undefined> {
    try {
      // A savepoint: a refused sale must leave nothing behind in this transaction.
      const hold = await manager.transaction((inner) =>
        this.holds.sellWithoutHold(inner, {
          dropId: order.dropId,
          variantId: order.variantId,
          userId: order.userId,
          quantity: order.quantity,
          key: `sale:${session.id}`,
          reason: `paid after its hold ended, session ${session.id}`,
        }),
      );
      return { kind: 'sold_directly', hold };
    } catch (error) {
      // Sold out, not enough left, the drop cancelled: a business answer, refund. Anything
      // else (the database) is rethrown so the event is retried.
      if (error instanceof DomainError && error.kind !== 'unavailable') {
        this.logger.info({ orderId: order.id, code: error.code }, 'late payment cannot be sold');
        return undefined;
      }
      throw error;
    }
  }

  /** A refund made at the provider (Dashboard), or the echo of our own. */
  private async onChargeRefunded(
    manager: EntityManager,
    charge: ChargeView,
    after: AfterCommit,
  ): Promise<string> {
    const order = await this.lockOrderByPaymentIntent(manager, charge.paymentIntentId);
    if (!order) return 'unmatched';
    if (!charge.refunded) {
      this.logger.warn(
        { orderId: order.id, chargeId: charge.id },
        'partial refund at the provider',
      );
      return 'partial-refund-noted';
    }
    if (order.status === 'refund_pending') return 'refund-in-flight';
    if (order.status !== 'paid' && order.status !== 'disputed') return 'no-change';
    await transitionLockedOrder(manager, order.id, order.status, 'refunded', {
      refundReason: 'provider',
      refunded: true,
    });
    await this.serials.void(manager, order.id);
    await this.audit.record(manager, {
      actor: SYSTEM,
      action: 'order.refund',
      targetType: 'order',
      targetId: order.id,
      collectiveId: order.collectiveId,
      before: { status: order.status },
      after: { status: 'refunded', source: 'provider', returnUnitsToDrop: false },
    });
    const mail = await this.notifications.record(
      manager,
      await refundMail(manager, order, 'provider'),
    );
    after.add('dispatch refund mail', () => this.dispatcher.dispatch([mail.id]));
    return 'refunded-at-provider';
  }

  private async onRefund(manager: EntityManager, refund: RefundView): Promise<string> {
    if (refund.status !== 'failed' && refund.status !== 'canceled') return 'noted';
    const [found] = await rows<{ id: string }>(
      manager,
      `SELECT id FROM orders WHERE stripe_refund_id = $1 OR stripe_payment_intent_id = $2
        ORDER BY (stripe_refund_id = $1) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
      [refund.id, refund.paymentIntentId],
    );
    if (!found) return 'unmatched';
    const order = await manager.findOneByOrFail(Order, { id: found.id });
    const moved = await this.move(manager, order, ['refund_pending', 'refunded'], 'refund_failed');
    if (moved === 'refund_failed') {
      // Money we owe did not go back: an operator must act (contact the fan, pay out by hand).
      this.logger.error(
        { orderId: order.id, refundId: refund.id },
        'refund failed at the provider',
      );
    }
    return moved;
  }

  private async onDispute(manager: EntityManager, dispute: DisputeView): Promise<string> {
    const order = await this.lockOrderByPaymentIntent(manager, dispute.paymentIntentId);
    if (!order) return 'unmatched';
    const moved = await this.move(manager, order, ['paid'], 'disputed');
    if (moved === 'disputed') {
      this.logger.warn(
        { orderId: order.id, disputeId: dispute.id, reason: dispute.reason },
        'payment disputed',
      );
    }
    return moved;
  }

  /** Moves the order if it is in one of `from`; otherwise leaves it (a late or repeated event). */
  private async move(
    manager: EntityManager,
    order: Order,
    from: readonly OrderStatus[],
    to: OrderStatus,
  ): Promise<string> {
    if (!from.includes(order.status)) return 'no-change';
    await transitionLockedOrder(manager, order.id, order.status, to);
    return to;
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

  private async lockOrderByPaymentIntent(
    manager: EntityManager,
    paymentIntentId: string | null,
  ): Promise<Order | null> {
    if (!paymentIntentId) return null;
    return manager.getRepository(Order).findOne({
      where: { stripePaymentIntentId: paymentIntentId },
      lock: { mode: 'pessimistic_write' },
    });
  }
}
