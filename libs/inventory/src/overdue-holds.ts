import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** An active hold past its expiry. */
export interface OverdueHold {
  id: string;
  dropId: string;
  quantity: number;
  expiresAt: Date;
}

/**
 * Active holds whose expiry passed more than `graceSeconds` ago by the database's clock (the
 * worker should have expired them), in no particular order.
 */
export async function readActiveHoldsPastExpiry(
  on: EntityManager | DataSource,
  graceSeconds: number,
): Promise<OverdueHold[]> {
  const found = await rows<{ id: string; drop_id: string; quantity: number; expires_at: Date }>(
    on,
    `SELECT id, drop_id, quantity, expires_at FROM holds
      WHERE status = 'active' AND expires_at < now() - make_interval(secs => $1)`,
    [graceSeconds],
  );
  return found.map((h) => ({
    id: h.id,
    dropId: h.drop_id,
    quantity: h.quantity,
    expiresAt: h.expires_at,
  }));
}
