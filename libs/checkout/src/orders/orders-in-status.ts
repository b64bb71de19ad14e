import { type IdCondition, rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus, RefundReason } from './order.entity';

/** An order as a watch over its money sees it: whose, what amount, and why it was refunded. */
export interface OrderInStatus {
  id: string;
  collectiveId: string;
  dropId: string;
  amountMinor: number;
  currency: string;
  refundReason: RefundReason | null;
}

/**
 * At most `limit` orders in `status` whose id meets `onlyIf` (the anomaly watch: not raised
 * yet), in no particular order; one statement.
 */
export async function readOrdersInStatus(
  on: EntityManager | DataSource,
  filter: { status: OrderStatus; onlyIf: IdCondition; limit: number },
): Promise<OrderInStatus[]> {
  const found = await rows<{
    id: string;
    collective_id: string;
    drop_id: string;
    amount_minor: number;
    currency: string;
    refund_reason: RefundReason | null;
  }>(
    on,
    `SELECT o.id, o.collective_id, o.drop_id, o.amount_minor, o.currency, o.refund_reason
       FROM orders o WHERE o.status = $1 AND ${filter.onlyIf('o.id')} LIMIT $2`,
    [filter.status, filter.limit],
  );
  return found.map((o) => ({
    id: o.id,
    collectiveId: o.collective_id,
    dropId: o.drop_id,
    amountMinor: o.amount_minor,
    currency: o.currency,
    refundReason: o.refund_reason,
  }));
}
