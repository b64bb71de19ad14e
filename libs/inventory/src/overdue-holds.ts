import { type IdCondition, rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** An active hold past its expiry. */
export interface OverdueHold {
  id: string;
  dropId: string;
  quantity: number;
  expiresAt: Date;
}

/**
 * At most `limit` active holds whose expiry passed more than `graceSeconds` ago by the
 * database's clock (the worker should have expired them) and whose id meets `onlyIf` (the
 * anomaly watch: not raised yet), in no particular order; one statement.
 */
export async function readActiveHoldsPastExpiry(
  on: EntityManager | DataSource,
  filter: { graceSeconds: number; onlyIf: IdCondition; limit: number },
): Promise<OverdueHold[]> {
  const found = await rows<{ id: string; drop_id: string; quantity: number; expires_at: Date }>(
    on,
    `SELECT h.id, h.drop_id, h.quantity, h.expires_at FROM holds h
      WHERE h.status = 'active' AND h.expires_at < now() - make_interval(secs => $1)
        AND ${filter.onlyIf('h.id')} LIMIT $2`,
    [filter.graceSeconds, filter.limit],
  );
  return found.map((h) => ({
    id: h.id,
    dropId: h.drop_id,
    quantity: h.quantity,
    expiresAt: h.expires_at,
  }));
}
