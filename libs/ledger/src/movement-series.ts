import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** Units held and sold in one second of a drop, from the ledger. */
export interface MovementSecond {
  /** Seconds since the series' start. */
  second: number;
  holds: number;
  sales: number;
}

/**
 * Units held and sold per second from the ledger (`inventory_movements`) since `from`, at most
 * `maxPoints` seconds; seconds without movement are omitted.
 */
export function readMovementSeries(
  on: EntityManager | DataSource,
  dropId: string,
  from: Date,
  maxPoints: number,
): Promise<MovementSecond[]> {
  return rows<MovementSecond>(
    on,
    `SELECT floor(extract(epoch FROM created_at - $2::timestamptz))::int AS second,
            coalesce(sum(quantity) FILTER (WHERE kind = 'hold'), 0)::int AS holds,
            coalesce(sum(quantity) FILTER (WHERE kind = 'sell'), 0)::int AS sales
       FROM inventory_movements
      WHERE drop_id = $1 AND created_at >= $2 AND kind IN ('hold', 'sell')
      GROUP BY 1 ORDER BY 1 LIMIT $3`,
    [dropId, from, maxPoints],
  );
}
