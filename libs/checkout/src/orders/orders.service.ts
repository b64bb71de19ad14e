import type { Paged } from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Actor } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { OrderNotFoundError } from '../checkout.errors';
import { OrderRefunds } from '../payments/order-refunds';
import { type CertificateView, type OrderView, OrderViews, type OrdersFilter } from './order-views';

/** What the order routes need, one method per route. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly views: OrderViews,
    private readonly refunds: OrderRefunds,
  ) {}

  listForCollective(collective: CollectiveRef, filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.views.forCollective(collective.id, filter);
  }

  listForFan(userId: string, filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.views.forFan(userId, filter);
  }

  /** The fan's own order; another fan's is reported as not found, not as forbidden. */
  async oneForFan(userId: string, orderId: string): Promise<OrderView> {
    const view = await this.views.one(orderId);
    if (!view || view.buyer.userId !== userId) throw new OrderNotFoundError();
    return view;
  }

  /** A full refund by the collective (owner) or an admin; audited. */
  async refund(
    actor: Actor,
    collective: CollectiveRef,
    orderId: string,
    returnUnitsToDrop: boolean,
  ): Promise<OrderView> {
    const order = await this.refunds.refundForCollective(
      actor,
      collective,
      orderId,
      returnUnitsToDrop,
    );
    const view = await this.views.one(order.id);
    if (!view) throw new OrderNotFoundError();
    return view;
  }

  certificate(variantId: string, serial: number): Promise<CertificateView> {
    return this.views.certificate(variantId, serial);
  }
}
