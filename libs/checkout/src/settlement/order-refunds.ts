import { AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Actor } from '@limited-run/identity';
import { RefundReturns } from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
import {
  PaymentProviderUnavailableError,
  PaymentRequestRejectedError,
  PaymentsPort,
  type RefundView,
} from '@limited-run/payments';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { OrderNotFoundError, OrderNotRefundableError } from '../checkout.errors';
import { transitionLockedOrder } from '../orders/order-lifecycle';
import { refundMail } from '../orders/order-mail';
import { Order } from '../orders/order.entity';
import { EditionSerials } from '../serials/edition-serials';
import { RefundJobs } from './refund-jobs';

export type RefundExecution = 'refunded' | 'refund_failed' | 'not-pending';

/**
 * Full refunds. Requested in one transaction (order → `refund_pending`, audited), executed
 * after commit against the provider under a key derived from the session, so however often it
 * runs (the request, its job, the sweep) the fan is refunded once; the result is recorded in a
 * second transaction, which also returns the units to the drop when that was asked for.
 */
@Injectable()
export class OrderRefunds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly port: PaymentsPort,
    private readonly returns: RefundReturns,
    private readonly serials: EditionSerials,
    private readonly notifications: NotificationsService,
    private readonly jobs: RefundJobs,
    private readonly audit: AuditLog,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OrderRefunds.name);
  }

  /**
   * A collective owner or an admin refunds a paid order in full, putting its units back on sale
   * or not. Answers with the order: `refunded`, or `refund_pending` when the provider could not
   * be reached (the worker retries it).
   */
  async refundForCollective(
    actor: Actor,
    collective: CollectiveRef,
    orderId: string,
    returnUnitsToDrop: boolean,
  ): Promise<Order> {
    await this.dataSource.transaction(async (manager) => {
      const order = await manager.getRepository(Order).findOne({
        where: { id: orderId, collectiveId: collective.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order) throw new OrderNotFoundError();
      if (order.status !== 'paid') throw new OrderNotRefundableError(order.status);
      await transitionLockedOrder(manager, order.id, 'paid', 'refund_pending', {
        refundReason: 'collective',
        refundReturnsUnits: returnUnitsToDrop,
        refundRequestedBy: actor.userId,
      });
      await this.audit.record(manager, {
        actor,
        action: 'order.refund',
        targetType: 'order',
        targetId: order.id,
        collectiveId: collective.id,
        before: { status: 'paid' },
        after: {
          status: 'refund_pending',
          returnUnitsToDrop,
          amountMinor: order.amountMinor,
          currency: order.currency,
        },
      });
    });
    try {
      await this.execute(orderId);
    } catch (error) {
      if (!(error instanceof PaymentProviderUnavailableError)) throw error;
      // Requested and recorded; the worker finishes it once the provider answers again.
      await this.jobs.enqueue(orderId);
    }
    return this.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
  }

  /**
   * Refunds an order in `refund_pending` at the provider and records the result. Throws
   * PAYMENT_PROVIDER_UNAVAILABLE (the caller's job retries) when the provider is unreachable.
   */
  async execute(orderId: string): Promise<RefundExecution> {
    const order = await this.dataSource.getRepository(Order).findOneBy({ id: orderId });
    if (!order || order.status !== 'refund_pending') return 'not-pending';
    let refund: RefundView | null;
    try {
      refund = await this.port.refund(
        {
          paymentIntentId: order.stripePaymentIntentId as string,
          metadata: { orderId: order.id, reason: order.refundReason ?? 'collective' },
          ...(order.refundReason === 'collective' ? { reason: 'requested_by_customer' } : {}),
        },
        // One refund per payment, whoever asks and however often: the key is the session's.
        `refund:${order.stripeSessionId ?? order.id}`,
      );
    } catch (error) {
      if (!(error instanceof PaymentRequestRejectedError)) throw error;
      if (error.providerCode !== 'charge_already_refunded') {
        this.logger.error({ err: error, orderId }, 'the provider refused a refund');
        return this.record(order.id, 'failed', null);
      }
      // Refunded already, outside this key (the Dashboard): the money is back either way.
      refund = null;
    }
    const failed = refund?.status === 'failed' || refund?.status === 'canceled';
    return this.record(order.id, failed ? 'failed' : 'succeeded', refund?.id ?? null);
  }

  /** Orders whose refund has been pending for longer than `olderThanMs` (their job was lost or failed). */
  async findStalePending(olderThanMs: number, limit = 200): Promise<string[]> {
    const found = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM orders
        WHERE status = 'refund_pending'
          AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY updated_at LIMIT $2`,
      [olderThanMs, limit],
    );
    return found.map((row) => row.id);
  }

  private async record(
    orderId: string,
    result: 'succeeded' | 'failed',
    refundId: string | null,
  ): Promise<RefundExecution> {
    // The returned units and the fan's mail mirror and dispatch themselves once this commits.
    return this.dataSource.transaction(async (manager): Promise<RefundExecution> => {
      const order = await manager.getRepository(Order).findOne({
        where: { id: orderId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order || order.status !== 'refund_pending') return 'not-pending';
      if (result === 'failed') {
        await transitionLockedOrder(manager, order.id, 'refund_pending', 'refund_failed', {
          stripeRefundId: refundId,
        });
        this.logger.error({ orderId, refundId }, 'refund failed: an operator must act');
        return 'refund_failed';
      }
      await transitionLockedOrder(manager, order.id, 'refund_pending', 'refunded', {
        stripeRefundId: refundId,
        refunded: true,
      });
      await this.serials.void(manager, order.id);
      if (order.refundReturnsUnits) {
        await this.returns.returnUnits(manager, {
          dropId: order.dropId,
          variantId: order.variantId,
          userId: order.userId,
          quantity: order.quantity,
          holdId: order.holdId,
          actorUserId: order.refundRequestedBy,
          reason: `refunded order ${order.id}`,
        });
      }
      await this.notifications.record(
        manager,
        await refundMail(manager, order, order.refundReason ?? 'collective'),
      );
      return 'refunded';
    });
  }
}
