import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** One active hold that expires soon. */
export interface ExpiringHoldRow {
  id: string;
  variantId: string;
  quantity: number;
  expiresAt: Date;
}

/** A drop's active holds that expire within a window, by the database's clock. */
export interface ExpiringHolds {
  holds: number;
  units: number;
  /** Already past their expiry (the worker is late). */
  overdue: number;
  /** The soonest to expire, at most the number asked for. */
  soonest: ExpiringHoldRow[];
}

/** The drop's active holds expiring within `withinSeconds`: totals, and the `listed` soonest. */
export async function readExpiringHolds(
  on: EntityManager | DataSource,
  dropId: string,
  withinSeconds: number,
  listed: number,
): Promise<ExpiringHolds> {
  const [totals] = await rows<{ holds: number; units: number; overdue: number }>(
    on,
    `SELECT count(*)::int AS holds, coalesce(sum(quantity), 0)::int AS units,
            count(*) FILTER (WHERE expires_at < now())::int AS overdue
       FROM holds
      WHERE drop_id = $1 AND status = 'active' AND expires_at <= now() + make_interval(secs => $2)`,
    [dropId, withinSeconds],
  );
  const soonest = await rows<{
    id: string;
    variant_id: string;
    quantity: number;
    expires_at: Date;
  }>(
    on,
    `SELECT id, variant_id, quantity, expires_at FROM holds
      WHERE drop_id = $1 AND status = 'active' AND expires_at <= now() + make_interval(secs => $2)
      ORDER BY expires_at, id LIMIT $3`,
    [dropId, withinSeconds, listed],
  );
  return {
    holds: totals?.holds ?? 0,
    units: totals?.units ?? 0,
    overdue: totals?.overdue ?? 0,
    soonest: soonest.map((h) => ({
      id: h.id,
      variantId: h.variant_id,
      quantity: h.quantity,
      expiresAt: h.expires_at,
    })),
  };
}
