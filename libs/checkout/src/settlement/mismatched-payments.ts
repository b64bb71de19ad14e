import { AuditLog, SYSTEM_ACTOR } from '@limited-run/audit';
import {
  type CheckoutSessionView,
  PaymentRequestRejectedError,
  PaymentsPort,
} from '@limited-run/payments';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { transitionLockedOrder } from '../orders/order-lifecycle';
import type { Order } from '../orders/order.entity';
import { type PaymentMismatch, PaymentMismatchReporter } from './payment-mismatch';
import { RefundJobs } from './refund-jobs';

/**
 * Money that must not pay its order (docs/design.md, invariant 4: it ends as a refund), in the
 * event's transaction: audited, raised as an anomaly, refunded in full under the session's key,
 * so however often the event comes it is refunded once.
 */
@Injectable()
export class MismatchedPayments {
  constructor(
    private readonly port: PaymentsPort,
    private readonly refundJobs: RefundJobs,
    private readonly audit: AuditLog,
    private readonly mismatches: PaymentMismatchReporter,
  ) {}

  /**
   * The payment is not for what the order costs: the order ends refunded and never paid (the
   * refund job is queued once this commits), its hold runs out and its units sell again.
   */
  async refuse(
    manager: EntityManager,
    order: Order,
    mismatch: PaymentMismatch,
    paymentIntentId: string,
  ): Promise<string> {
    await transitionLockedOrder(manager, order.id, order.status, 'refund_pending', {
      stripePaymentIntentId: paymentIntentId,
      refundReason: 'payment_mismatch',
    });
    await this.audit.record(manager, {
      actor: SYSTEM_ACTOR,
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
    await this.refundJobs.enqueueAfterCommit(manager, order.id);
    return 'payment-mismatch-refunding';
  }

  /**
   * Money paid through a session that is not the order's own: it never pays the order (whose
   * own session may still be paid). The refund is asked for before the event commits: if the
   * provider cannot be reached the event fails and is retried, and the key keeps it one.
   */
  async refundForeignSession(
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
      actor: SYSTEM_ACTOR,
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
}
