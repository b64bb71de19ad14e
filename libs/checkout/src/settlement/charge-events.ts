import { AuditLog, SYSTEM_ACTOR } from '@limited-run/audit';
import { NotificationsService } from '@limited-run/notifications';
import type { ChargeView, DisputeView, RefundView } from '@limited-run/payments';
import { rows } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { EntityManager } from 'typeorm';
import { moveLockedOrderIf, transitionLockedOrder } from '../orders/order-lifecycle';
import { refundMail } from '../orders/order-mail';
import { Order } from '../orders/order.entity';
import { EditionSerials } from '../serials/edition-serials';

/**
 * What the provider says about a charge once it was paid: refunded at the provider, a refund
 * that failed, a dispute. Applied by `OrderPayments` in the event's transaction, the order row
 * locked; a late or repeated event changes nothing.
 */
@Injectable()
export class ChargeEvents {
  constructor(
    private readonly serials: EditionSerials,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ChargeEvents.name);
  }

  /** A refund made at the provider (Dashboard), or the echo of our own. */
  async onChargeRefunded(manager: EntityManager, charge: ChargeView): Promise<string> {
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
      actor: SYSTEM_ACTOR,
      action: 'order.refund',
      targetType: 'order',
      targetId: order.id,
      collectiveId: order.collectiveId,
      before: { status: order.status },
      after: { status: 'refunded', source: 'provider', returnUnitsToDrop: false },
    });
    // The fan's mail is queued once the event's transaction commits.
    await this.notifications.record(manager, await refundMail(manager, order, 'provider'));
    return 'refunded-at-provider';
  }

  async onRefund(manager: EntityManager, refund: RefundView): Promise<string> {
    if (refund.status !== 'failed' && refund.status !== 'canceled') return 'noted';
    const [found] = await rows<{ id: string }>(
      manager,
      `SELECT id FROM orders WHERE stripe_refund_id = $1 OR stripe_payment_intent_id = $2
        ORDER BY (stripe_refund_id = $1) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
      [refund.id, refund.paymentIntentId],
    );
    if (!found) return 'unmatched';
    const order = await manager.findOneByOrFail(Order, { id: found.id });
    const moved = await moveLockedOrderIf(
      manager,
      order,
      ['refund_pending', 'refunded'],
      'refund_failed',
    );
    if (moved === 'refund_failed') {
      // Money we owe did not go back: an operator must act (contact the fan, pay out by hand).
      this.logger.error(
        { orderId: order.id, refundId: refund.id },
        'refund failed at the provider',
      );
    }
    return moved;
  }

  async onDispute(manager: EntityManager, dispute: DisputeView): Promise<string> {
    const order = await this.lockOrderByPaymentIntent(manager, dispute.paymentIntentId);
    if (!order) return 'unmatched';
    const moved = await moveLockedOrderIf(manager, order, ['paid'], 'disputed');
    if (moved === 'disputed') {
      this.logger.warn(
        { orderId: order.id, disputeId: dispute.id, reason: dispute.reason },
        'payment disputed',
      );
    }
    return moved;
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
