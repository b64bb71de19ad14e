import { rows } from '@limited-run/platform';
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

/** Every order in `status`, in no particular order. */
export async function readOrdersInStatus(
  on: EntityManager | DataSource,
  status: OrderStatus,
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
    `SELECT id, collective_id, drop_id, amount_minor, currency, refund_reason
       FROM orders WHERE status = $1`,
    [status],
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
