import { AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Actor } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderNotFoundError, OrderNotReturnableError } from '../checkout.errors';
import { Order } from '../orders/order.entity';
import { OrderRefunds } from '../settlement/order-refunds';

export interface ReturnRequest {
  /** Refund the fan in full through the refund path. */
  refund: boolean;
  /** With the refund: the units go back on sale (the edition numbers are voided either way). */
  returnUnitsToDrop: boolean;
}

/**
 * A parcel that came back: recorded (audited), then refunded through the one refund path when
 * asked. Recording is idempotent (a returned order stays returned), so a request that recorded
 * the return but failed to refund can be repeated to refund.
 */
@Injectable()
export class OrderReturns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refunds: OrderRefunds,
    private readonly audit: AuditLog,
  ) {}

  async recordReturn(
    actor: Actor,
    collective: CollectiveRef,
    orderId: string,
    request: ReturnRequest,
  ): Promise<Order> {
    await this.dataSource.transaction(async (manager) => {
      const order = await manager.getRepository(Order).findOne({
        where: { id: orderId, collectiveId: collective.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!order) throw new OrderNotFoundError();
      if (order.fulfilmentStatus === 'returned') return;
      if (order.fulfilmentStatus !== 'shipped' && order.fulfilmentStatus !== 'delivered') {
        throw new OrderNotReturnableError(order.fulfilmentStatus);
      }
      await manager.update(Order, order.id, {
        fulfilmentStatus: 'returned',
        returnedAt: new Date(),
      });
      await this.audit.record(manager, {
        actor,
        action: 'order.return',
        targetType: 'order',
        targetId: order.id,
        collectiveId: collective.id,
        before: { fulfilmentStatus: order.fulfilmentStatus },
        after: { fulfilmentStatus: 'returned', refund: request.refund },
      });
    });
    if (request.refund) {
      const current = await this.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
      // Already refunded (a repeated request): nothing more to do.
      if (current.status === 'paid') {
        return this.refunds.refundForCollective(
          actor,
          collective,
          orderId,
          request.returnUnitsToDrop,
        );
      }
      return current;
    }
    return this.dataSource.getRepository(Order).findOneByOrFail({ id: orderId });
  }
}
