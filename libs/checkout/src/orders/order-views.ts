import {
  type Paged,
  type PageRequest,
  readVariantLabels,
  type VariantLabel,
} from '@limited-run/catalog';
import { type CollectiveRef, readCollectiveRefs } from '@limited-run/collectives';
import { readDropNames } from '@limited-run/drops';
import { type UserContact, userContacts } from '@limited-run/identity';
import { type HoldState, readHoldStates } from '@limited-run/inventory';
import { readPaymentEventsAbout, type StoredPaymentEvent } from '@limited-run/payments';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SerialNotFoundError } from '../checkout.errors';
import type { IssuedSerial } from '../serials/edition-serials';
import type { FulfilmentStatus, OrderStatus, RefundReason, ShippingAddress } from './order.entity';

/** What the fan chose and paid for shipping; null for an order that ships nothing. */
export interface OrderShippingView {
  address: ShippingAddress | null;
  zoneName: string | null;
  rateName: string | null;
  shippingMinor: number | null;
  taxMinor: number | null;
  totalMinor: number | null;
}

export interface OrderFulfilmentView {
  status: FulfilmentStatus;
  /** `YYYY-MM-DD`: a pre-release item, not shippable before. */
  expectedShipDate: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  packedAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  returnedAt: Date | null;
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  drop: { id: string; name: string };
  item: { id: string; title: string };
  variant: { id: string; sku: string; label: string };
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  currency: string;
  serials: IssuedSerial[];
  refundReason: RefundReason | null;
  createdAt: Date;
  paidAt: Date | null;
  refundedAt: Date | null;
  buyer: { userId: string; email: string; displayName: string };
  collective: { id: string; slug: string; name: string };
  /** The hold the order pays for: whether the fan can still go back and pay. */
  hold: { id: string; status: string; expiresAt: Date };
  shipping: OrderShippingView;
  fulfilment: OrderFulfilmentView;
}

/** A provider event about an order, as the webhook inbox recorded it. */
export type PaymentEventView = StoredPaymentEvent;

export interface CertificateView {
  serial: number;
  editionSize: number;
  orderId: string;
  issuedAt: Date;
  variant: { id: string; sku: string; label: string };
  item: { title: string; kind: string };
  collective: { slug: string; name: string };
}

export interface OrdersFilter extends PageRequest {
  status?: OrderStatus;
  fulfilmentStatus?: FulfilmentStatus;
  dropId?: string;
  /** Created at or after this instant (ISO 8601). */
  from?: string;
  /** Created before this instant (ISO 8601). */
  to?: string;
  /** Admins only: one collective. */
  collectiveId?: string;
  /** The Stripe Checkout Session the fan came back from (the success page's `session_id`). */
  checkoutSessionId?: string;
}

/** An order's own columns, with its live serials. */
interface OrderRow {
  id: string;
  status: OrderStatus;
  drop_id: string;
  variant_id: string;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
  currency: string;
  serials: Array<{ serial: number; editionSize: number }>;
  refund_reason: RefundReason | null;
  created_at: Date;
  paid_at: Date | null;
  refunded_at: Date | null;
  user_id: string;
  collective_id: string;
  hold_id: string;
  shipping_address: ShippingAddress | null;
  shipping_zone_name: string | null;
  shipping_rate_name: string | null;
  shipping_minor: number | null;
  tax_minor: number | null;
  total_minor: number | null;
  expected_ship_date: string | null;
  fulfilment_status: FulfilmentStatus;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  packed_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  returned_at: Date | null;
}

const SELECT_ORDERS = `
  SELECT o.id, o.status, o.drop_id, o.variant_id, o.quantity, o.unit_price_minor,
         o.amount_minor, o.currency, o.refund_reason, o.created_at, o.paid_at, o.refunded_at,
         o.user_id, o.collective_id, o.hold_id,
         o.shipping_address, o.shipping_zone_name, o.shipping_rate_name, o.shipping_minor,
         o.tax_minor, o.total_minor, to_char(o.expected_ship_date, 'YYYY-MM-DD') AS expected_ship_date,
         o.fulfilment_status, o.carrier, o.tracking_number, o.tracking_url, o.packed_at,
         o.shipped_at, o.delivered_at, o.returned_at,
         coalesce((SELECT json_agg(json_build_object('serial', s.serial, 'editionSize', s.edition_size)
                                   ORDER BY s.serial)
                     FROM order_serials s WHERE s.order_id = o.id AND s.voided_at IS NULL), '[]') AS serials
    FROM orders o`;

/** What the orders' owners say about them, one read per owner for a page or batch of orders. */
interface OrderContext {
  dropNames: Map<string, string>;
  variants: Map<string, VariantLabel>;
  fans: Map<string, UserContact>;
  collectives: Map<string, CollectiveRef>;
  holds: Map<string, HoldState>;
}

async function contextOf(on: DataSource, orders: readonly OrderRow[]): Promise<OrderContext> {
  const ids = (column: 'drop_id' | 'variant_id' | 'user_id' | 'collective_id' | 'hold_id') =>
    orders.map((order) => order[column]);
  return {
    dropNames: await readDropNames(on, ids('drop_id')),
    variants: await readVariantLabels(on, ids('variant_id')),
    fans: await userContacts(on, ids('user_id')),
    collectives: await readCollectiveRefs(on, ids('collective_id')),
    holds: await readHoldStates(on, ids('hold_id')),
  };
}

/**
 * The orders as views, in their order. Every order has its drop, variant, fan, collective and
 * hold (foreign keys; users are never deleted); one that had not would be left out, as the
 * join that once read them all did.
 */
async function viewsOf(on: DataSource, orders: readonly OrderRow[]): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const context = await contextOf(on, orders);
  return orders.flatMap((row) => toView(row, context) ?? []);
}

function toView(row: OrderRow, context: OrderContext): OrderView | undefined {
  const dropName = context.dropNames.get(row.drop_id);
  const variant = context.variants.get(row.variant_id);
  const fan = context.fans.get(row.user_id);
  const collective = context.collectives.get(row.collective_id);
  const hold = context.holds.get(row.hold_id);
  if (dropName === undefined || !variant || !fan || !collective || !hold) return undefined;
  return {
    id: row.id,
    status: row.status,
    drop: { id: row.drop_id, name: dropName },
    item: { id: variant.itemId, title: variant.itemTitle },
    variant: { id: row.variant_id, sku: variant.sku, label: variant.label },
    quantity: row.quantity,
    unitPriceMinor: row.unit_price_minor,
    amountMinor: row.amount_minor,
    currency: row.currency,
    serials: row.serials,
    refundReason: row.refund_reason,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    refundedAt: row.refunded_at,
    buyer: { userId: row.user_id, email: fan.email, displayName: fan.displayName },
    collective: { id: row.collective_id, slug: collective.slug, name: collective.name },
    hold: { id: row.hold_id, status: hold.status, expiresAt: hold.expiresAt },
    shipping: {
      address: row.shipping_address,
      zoneName: row.shipping_zone_name,
      rateName: row.shipping_rate_name,
      shippingMinor: row.shipping_minor,
      taxMinor: row.tax_minor,
      totalMinor: row.total_minor,
    },
    fulfilment: {
      status: row.fulfilment_status,
      expectedShipDate: row.expected_ship_date,
      carrier: row.carrier,
      trackingNumber: row.tracking_number,
      trackingUrl: row.tracking_url,
      packedAt: row.packed_at,
      shippedAt: row.shipped_at,
      deliveredAt: row.delivered_at,
      returnedAt: row.returned_at,
    },
  };
}

/** Read side of orders: lists for a collective and for a fan, one order, serial certificates. */
@Injectable()
export class OrderViews {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forCollective(collectiveId: string, filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.page(`o.collective_id = $1`, [collectiveId], filter);
  }

  /** Every collective's orders (platform admins). */
  async forPlatform(filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.page(`TRUE`, [], filter);
  }

  async forFan(userId: string, filter: OrdersFilter): Promise<Paged<OrderView>> {
    return this.page(`o.user_id = $1`, [userId], filter);
  }

  /** The status of one fan's own order, in one statement; undefined when it is not theirs. */
  async statusForFan(userId: string, orderId: string): Promise<OrderStatus | undefined> {
    const [row] = await this.dataSource.query<Array<{ status: OrderStatus }>>(
      `SELECT status FROM orders WHERE id = $1 AND user_id = $2`,
      [orderId, userId],
    );
    return row?.status;
  }

  async one(orderId: string): Promise<OrderView | undefined> {
    const found = await this.dataSource.query<OrderRow[]>(`${SELECT_ORDERS} WHERE o.id = $1`, [
      orderId,
    ]);
    return (await viewsOf(this.dataSource, found))[0];
  }

  /** A live number of an edition, with its order but nothing about who bought it. */
  async certificate(variantId: string, serial: number): Promise<CertificateView> {
    if (!Number.isInteger(serial) || serial < 1 || serial > 2_147_483_647) {
      throw new SerialNotFoundError();
    }
    const [row] = await this.dataSource.query<
      Array<{
        serial: number;
        edition_size: number;
        order_id: string;
        issued_at: Date;
        variant_id: string;
      }>
    >(
      `SELECT serial, edition_size, order_id, issued_at, variant_id
         FROM order_serials
        WHERE variant_id = $1 AND serial = $2 AND voided_at IS NULL`,
      [variantId, serial],
    );
    const variant =
      row && (await readVariantLabels(this.dataSource, [row.variant_id])).get(row.variant_id);
    const collective =
      variant &&
      (await readCollectiveRefs(this.dataSource, [variant.collectiveId])).get(variant.collectiveId);
    if (!row || !variant || !collective) throw new SerialNotFoundError();
    return {
      serial: row.serial,
      editionSize: row.edition_size,
      orderId: row.order_id,
      issuedAt: row.issued_at,
      variant: { id: row.variant_id, sku: variant.sku, label: variant.label },
      item: { title: variant.itemTitle, kind: variant.itemKind },
      collective: { slug: collective.slug, name: collective.name },
    };
  }

  /**
   * The provider's events about one order, oldest first: those naming it in their metadata or
   * carrying its Checkout Session, payment intent or refund as their object.
   */
  async paymentEvents(orderId: string): Promise<PaymentEventView[]> {
    const [order] = await this.dataSource.query<
      Array<{
        id: string;
        stripe_session_id: string | null;
        stripe_payment_intent_id: string | null;
        stripe_refund_id: string | null;
      }>
    >(
      `SELECT id::text AS id, stripe_session_id, stripe_payment_intent_id, stripe_refund_id
         FROM orders WHERE id = $1`,
      [orderId],
    );
    if (!order) return [];
    return readPaymentEventsAbout(this.dataSource, {
      orderId: order.id,
      sessionId: order.stripe_session_id,
      paymentIntentId: order.stripe_payment_intent_id,
      refundId: order.stripe_refund_id,
    });
  }

  /**
   * The paid orders of one drop, oldest first, read in keyset-paged batches so an export of
   * any size holds one batch in memory at a time.
   */
  async *paidOfDrop(dropId: string, batchSize = 500): AsyncGenerator<OrderView> {
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const batch: OrderRow[] = await this.dataSource.query<OrderRow[]>(
        `${SELECT_ORDERS}
          WHERE o.drop_id = $1 AND o.status = 'paid'
            AND ($2::timestamptz IS NULL OR (o.created_at, o.id) > ($2::timestamptz, $3::uuid))
          ORDER BY o.created_at, o.id LIMIT $4`,
        [dropId, after?.createdAt ?? null, after?.id ?? null, batchSize],
      );
      for (const view of await viewsOf(this.dataSource, batch)) yield view;
      if (batch.length < batchSize) return;
      const last = batch[batch.length - 1];
      after = { createdAt: last.created_at, id: last.id };
    }
  }

  private async page(
    where: string,
    params: unknown[],
    filter: OrdersFilter,
  ): Promise<Paged<OrderView>> {
    const n = params.length;
    const filtered =
      `${where} AND ($${n + 1}::text IS NULL OR o.status = $${n + 1})` +
      ` AND ($${n + 2}::text IS NULL OR o.stripe_session_id = $${n + 2})` +
      ` AND ($${n + 3}::uuid IS NULL OR o.drop_id = $${n + 3})` +
      ` AND ($${n + 4}::timestamptz IS NULL OR o.created_at >= $${n + 4})` +
      ` AND ($${n + 5}::timestamptz IS NULL OR o.created_at < $${n + 5})` +
      ` AND ($${n + 6}::uuid IS NULL OR o.collective_id = $${n + 6})` +
      ` AND ($${n + 7}::text IS NULL OR o.fulfilment_status = $${n + 7})`;
    const base = [
      ...params,
      filter.status ?? null,
      filter.checkoutSessionId ?? null,
      filter.dropId ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.collectiveId ?? null,
      filter.fulfilmentStatus ?? null,
    ];
    const found = await this.dataSource.query<OrderRow[]>(
      `${SELECT_ORDERS} WHERE ${filtered}
        ORDER BY o.created_at DESC, o.id LIMIT $${n + 8} OFFSET $${n + 9}`,
      [...base, filter.pageSize, (filter.page - 1) * filter.pageSize],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM orders o WHERE ${filtered}`,
      base,
    );
    return { rows: await viewsOf(this.dataSource, found), total };
  }
}
