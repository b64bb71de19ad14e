import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus } from './order.entity';

/** How many orders are in one status, and when the oldest of them was created. */
export interface OrderStatusCount {
  status: OrderStatus;
  count: number;
  oldestCreatedAt: Date | null;
}

/** Orders per status among `statuses` (of one collective, if given); empty statuses are absent. */
export async function readOrderStatusCounts(
  on: EntityManager | DataSource,
  statuses: readonly OrderStatus[],
  collectiveId?: string,
): Promise<OrderStatusCount[]> {
  const found = await rows<{ status: OrderStatus; n: number; oldest: Date | null }>(
    on,
    `SELECT status, count(*)::int AS n, min(created_at) AS oldest FROM orders
      WHERE status = ANY($1) AND ($2::uuid IS NULL OR collective_id = $2)
      GROUP BY status`,
    [statuses, collectiveId ?? null],
  );
  return found.map((r) => ({ status: r.status, count: r.n, oldestCreatedAt: r.oldest }));
}
