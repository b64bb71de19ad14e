import type { Paged } from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Actor } from '@limited-run/identity';
import { Injectable } from '@nestjs/common';
import { DropNotFoundError, readDropTerms } from '@limited-run/drops';
import type { Readable } from 'node:stream';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderNotFoundError } from '../checkout.errors';
import { OrderRefunds } from '../settlement/order-refunds';
import {
  type CertificateView,
  type OrderView,
  OrderViews,
  type OrdersFilter,
  type PaymentEventView,
} from './order-views';
import type { OrderStatus } from './order.entity';
import { paidOrdersCsv } from './paid-orders-csv';

export interface OrderDetail extends OrderView {
  paymentEvents: PaymentEventView[];
}

/** What the order routes need, one method per route. */
@Injectable()
export class OrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: OrderViews,
    private readonly refunds: OrderRefunds,
  ) {}

  listForCollective(collective: CollectiveRef, filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.views.forCollective(collective.id, { ...filter, collectiveId: undefined });
  }

  listForPlatform(filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.views.forPlatform(filter);
  }

  /** One of the collective's orders with its payment events; another collective's is not found. */
  async oneForCollective(collective: CollectiveRef, orderId: string): Promise<OrderDetail> {
    const view = await this.views.one(orderId);
    if (!view || view.collective.id !== collective.id) throw new OrderNotFoundError();
    return { ...view, paymentEvents: await this.views.paymentEvents(orderId) };
  }

  /** The paid orders of one of the collective's drops as a CSV stream. */
  async paidOrdersCsv(collective: CollectiveRef, dropId: string): Promise<Readable> {
    const drop = await readDropTerms(this.dataSource, dropId);
    if (drop?.collectiveId !== collective.id) throw new DropNotFoundError();
    return paidOrdersCsv(this.views.paidOfDrop(dropId));
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

  /** The status of the fan's own order alone (one statement); undefined for another fan's. */
  statusForFan(userId: string, orderId: string): Promise<OrderStatus | undefined> {
    return this.views.statusForFan(userId, orderId);
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
