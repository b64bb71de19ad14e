import type { EntityManager } from 'typeorm';
import { InvalidOrderTransitionError } from '../checkout.errors';
import { rows } from '@limited-run/platform';
import type { OrderStatus, RefundReason } from './order.entity';
import type { ShippingFields } from './shipping-offer';

/**
 * Every allowed move of an order; whatever is not listed is refused. Forward only: a late or
 * repeated provider event can never move an order back (an `expired` after `paid` is refused).
 * A payment may still land on an order that looked finished without one (expired, failed):
 * money that arrived must end as a paid order or a refund (docs/design.md, invariant 4).
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  awaiting_payment: [
    'awaiting_async_payment',
    'paid',
    'refund_pending',
    'payment_failed',
    'expired',
  ],
  awaiting_async_payment: ['paid', 'refund_pending', 'payment_failed'],
  payment_failed: ['paid', 'refund_pending'],
  expired: ['paid', 'refund_pending'],
  paid: ['refund_pending', 'refunded', 'disputed'],
  disputed: ['refunded'],
  refund_pending: ['refunded', 'refund_failed'],
  refunded: ['refund_failed'],
  refund_failed: [],
};

/** States in which the order's payment has been taken and applied (sold or refunding). */
export const PAYMENT_APPLIED: readonly OrderStatus[] = [
  'paid',
  'disputed',
  'refund_pending',
  'refunded',
  'refund_failed',
];

/**
 * States a payment event will still move the order out of: a fan waiting on one (the return
 * page after Stripe's redirect, which can beat the webhook) is told when it moves.
 */
export const SETTLING: readonly OrderStatus[] = [
  'awaiting_payment',
  'awaiting_async_payment',
  'refund_pending',
];

/**
 * The channel every status change is announced on, with the order's id as payload. Postgres
 * delivers a NOTIFY only when its transaction commits (and drops it on rollback), so a listener
 * never hears of a move that did not happen.
 */
export const ORDER_STATUS_CHANNEL = 'order_status';

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Fields that may change with a transition. */
export interface OrderChanges {
  stripePaymentIntentId?: string | null;
  stripeRefundId?: string | null;
  refundReason?: RefundReason;
  refundReturnsUnits?: boolean;
  refundRequestedBy?: string | null;
  paid?: boolean;
  refunded?: boolean;
  /** What the paid session says was shipped where and paid in all (set with `paid`). */
  shipping?: ShippingFields;
}

/**
 * The one way an order changes status: a guarded UPDATE from the status the caller saw. Returns
 * false when the order is no longer in `from` (another worker got there first); throws when the
 * move is not allowed at all. Runs in the caller's transaction.
 */
export async function applyOrderTransition(
  manager: EntityManager,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  changes: OrderChanges = {},
): Promise<boolean> {
  if (!canTransition(from, to)) throw new InvalidOrderTransitionError(from, to);
  const updated = await rows<{ id: string }>(
    manager,
    `WITH moved AS (
       UPDATE orders SET status = $3, updated_at = now(),
            stripe_payment_intent_id = COALESCE($4, stripe_payment_intent_id),
            stripe_refund_id = COALESCE($5, stripe_refund_id),
            refund_reason = COALESCE($6, refund_reason),
            refund_returns_units = COALESCE($7, refund_returns_units),
            refund_requested_by = COALESCE($8, refund_requested_by),
            paid_at = CASE WHEN $9 THEN now() ELSE paid_at END,
            refunded_at = CASE WHEN $10 THEN now() ELSE refunded_at END,
            shipping_address = COALESCE($11::jsonb, shipping_address),
            shipping_country = COALESCE($12, shipping_country),
            shipping_zone_name = COALESCE($13, shipping_zone_name),
            shipping_rate_name = COALESCE($14, shipping_rate_name),
            shipping_minor = COALESCE($15::int, shipping_minor),
            tax_minor = COALESCE($16::int, tax_minor),
            total_minor = COALESCE($17::int, total_minor)
      WHERE id = $1 AND status = $2
      RETURNING id)
     SELECT id, pg_notify('${ORDER_STATUS_CHANNEL}', id::text) FROM moved`,
    [
      orderId,
      from,
      to,
      changes.stripePaymentIntentId ?? null,
      changes.stripeRefundId ?? null,
      changes.refundReason ?? null,
      changes.refundReturnsUnits ?? null,
      changes.refundRequestedBy ?? null,
      changes.paid ?? false,
      changes.refunded ?? false,
      ...shippingValues(changes.shipping),
    ],
  );
  return updated.length === 1;
}

/** The shipping columns' parameters of a transition; null leaves a column as it is. */
function shippingValues(shipping?: ShippingFields): unknown[] {
  if (!shipping) return new Array<null>(7).fill(null);
  return [
    shipping.shippingAddress ? JSON.stringify(shipping.shippingAddress) : null,
    shipping.shippingCountry ?? null,
    shipping.shippingZoneName ?? null,
    shipping.shippingRateName ?? null,
    shipping.shippingMinor ?? null,
    shipping.taxMinor ?? null,
    shipping.totalMinor ?? null,
  ];
}

/** As `applyOrderTransition`, for a caller holding the order's row lock: losing is a bug. */
export async function transitionLockedOrder(
  manager: EntityManager,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  changes: OrderChanges = {},
): Promise<void> {
  if (!(await applyOrderTransition(manager, orderId, from, to, changes))) {
    throw new Error(`order ${orderId} left ${from} while locked`);
  }
}

/**
 * Moves a locked order if it is in one of `from`; otherwise leaves it (a late or repeated
 * event). Answers the new status, or `no-change`.
 */
export async function moveLockedOrderIf(
  manager: EntityManager,
  order: { id: string; status: OrderStatus },
  from: readonly OrderStatus[],
  to: OrderStatus,
): Promise<OrderStatus | 'no-change'> {
  if (!from.includes(order.status)) return 'no-change';
  await transitionLockedOrder(manager, order.id, order.status, to);
  return to;
}
