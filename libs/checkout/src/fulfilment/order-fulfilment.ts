import { AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Actor } from '@limited-run/identity';
import { NotificationsService } from '@limited-run/notifications';
import {
  type DomainErrorDetail,
  PlatformConfig,
  RequestValidationError,
  rows,
} from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import {
  OrdersNotFoundError,
  OrdersNotFulfillableError,
  OrdersNotYetShippableError,
} from '../checkout.errors';
import { shippedMail } from '../orders/order-mail';
import { orderPageUrl } from '../orders/order-page-url';
import { Order } from '../orders/order.entity';
import { decideFulfilment, type FulfilmentTarget, type TrackingInput } from './fulfilment-rules';

export interface FulfilmentRequestLine extends TrackingInput {
  orderId: string;
}

type FulfilmentChanges = Partial<
  Pick<
    Order,
    | 'fulfilmentStatus'
    | 'packedAt'
    | 'shippedAt'
    | 'deliveredAt'
    | 'carrier'
    | 'trackingNumber'
    | 'trackingUrl'
  >
>;

export interface FulfilmentResult {
  order: Order;
  /** False when the order already was in this state (a retried request). */
  changed: boolean;
}

const STAMP: Record<FulfilmentTarget, 'packedAt' | 'shippedAt' | 'deliveredAt'> = {
  packed: 'packedAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
};

/**
 * Moves paid orders forward through fulfilment, one or many in one transaction: all of them or
 * none. The rows are locked in id order (two racing requests never deadlock); an order already
 * in the target state is left alone, so a retried or raced request changes nothing and mails
 * nobody twice: the shipping mail is written to the outbox only by the move into `shipped`.
 */
@Injectable()
export class OrderFulfilment {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditLog,
    private readonly config: PlatformConfig,
  ) {}

  async advance(
    actor: Actor,
    collective: CollectiveRef,
    target: FulfilmentTarget,
    lines: FulfilmentRequestLine[],
  ): Promise<FulfilmentResult[]> {
    const ids = lines.map((l) => l.orderId);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length > 0) {
      throw new RequestValidationError(
        repeated.map((id) => ({
          field: 'orders',
          message: 'an order is listed twice',
          orderId: id,
        })),
      );
    }
    // The shipping mails are queued once this commits.
    return this.dataSource.transaction(async (manager) => {
      const orders = await this.lockOrders(manager, collective, lines);
      const decisions = await this.decide(manager, orders, target, lines);
      const out: FulfilmentResult[] = [];
      for (const { order, line, move } of decisions) {
        if (!move) {
          out.push({ order, changed: false });
          continue;
        }
        const changes = this.changesFor(order, target, line);
        await manager.update(Order, order.id, changes);
        const moved = Object.assign(order, changes);
        await this.audit.record(manager, {
          actor,
          action: 'order.fulfilment',
          targetType: 'order',
          targetId: order.id,
          collectiveId: collective.id,
          before: { fulfilmentStatus: decisionsBefore(decisions, order.id) },
          after: {
            fulfilmentStatus: target,
            ...(target === 'shipped'
              ? {
                  carrier: moved.carrier,
                  trackingNumber: moved.trackingNumber,
                  trackingUrl: moved.trackingUrl,
                }
              : {}),
          },
        });
        if (target === 'shipped') {
          await this.notifications.record(
            manager,
            await shippedMail(manager, moved, orderPageUrl(this.config, moved.id)),
          );
        }
        out.push({ order: moved, changed: true });
      }
      return out;
    });
  }

  private async lockOrders(
    manager: EntityManager,
    collective: CollectiveRef,
    lines: FulfilmentRequestLine[],
  ): Promise<Map<string, Order>> {
    const ids = [...new Set(lines.map((l) => l.orderId))].sort();
    const found = await manager.getRepository(Order).find({
      where: { id: In(ids), collectiveId: collective.id },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const byId = new Map(found.map((o) => [o.id, o]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new OrdersNotFoundError(
        missing.map((id) => ({ field: 'orders', message: 'no such order', orderId: id })),
      );
    }
    return byId;
  }

  private async decide(
    manager: EntityManager,
    orders: Map<string, Order>,
    target: FulfilmentTarget,
    lines: FulfilmentRequestLine[],
  ): Promise<{ order: Order; line: FulfilmentRequestLine; move: boolean; before: string }[]> {
    const [{ today }] = await rows<{ today: string }>(
      manager,
      `SELECT to_char(current_date, 'YYYY-MM-DD') AS today`,
      [],
    );
    const refused: DomainErrorDetail[] = [];
    const early: DomainErrorDetail[] = [];
    const decided = lines.map((line) => {
      const order = orders.get(line.orderId) as Order;
      const before = order.fulfilmentStatus;
      if (order.status !== 'paid') {
        refused.push({
          field: 'orders',
          message: `the order is ${order.status}`,
          orderId: order.id,
        });
        return { order, line, move: false, before };
      }
      const decision = decideFulfilment(order.fulfilmentStatus, target, order, line);
      if (decision.kind === 'refused') {
        refused.push({ field: 'orders', message: decision.message, orderId: order.id });
      }
      const leaving = target === 'shipped' || target === 'delivered';
      if (
        decision.kind === 'move' &&
        leaving &&
        order.expectedShipDate &&
        order.expectedShipDate > today
      ) {
        early.push({
          field: 'orders',
          message: `ships from ${order.expectedShipDate}`,
          orderId: order.id,
          expectedShipDate: order.expectedShipDate,
        });
      }
      return { order, line, move: decision.kind === 'move', before };
    });
    if (refused.length > 0) throw new OrdersNotFulfillableError(refused);
    if (early.length > 0) throw new OrdersNotYetShippableError(early);
    return decided;
  }

  private changesFor(
    order: Order,
    target: FulfilmentTarget,
    line: FulfilmentRequestLine,
  ): FulfilmentChanges {
    const now = new Date();
    return {
      fulfilmentStatus: target,
      [STAMP[target]]: now,
      ...(target === 'shipped'
        ? {
            carrier: line.carrier ?? order.carrier,
            trackingNumber: line.trackingNumber ?? order.trackingNumber,
            trackingUrl: line.trackingUrl ?? order.trackingUrl,
          }
        : {}),
    };
  }
}

function decisionsBefore(
  decisions: { order: Order; before: string }[],
  orderId: string,
): string | undefined {
  return decisions.find((d) => d.order.id === orderId)?.before;
}
