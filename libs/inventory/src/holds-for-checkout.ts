import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';
import type { HoldStatus } from './hold.entity';

/** A fan's hold as checkout sells it: what the order copies, and whether its time is up. */
export interface HoldForCheckout {
  id: string;
  dropId: string;
  /** The variant of the hold's drop line, which prices the order. */
  variantId: string;
  userId: string;
  quantity: number;
  status: HoldStatus;
  expiresAt: Date;
  /** `expires_at <= now()`, by the database clock of the same statement. */
  due: boolean;
}

interface HoldRow {
  id: string;
  drop_id: string;
  variant_id: string;
  user_id: string;
  quantity: number;
  status: HoldStatus;
  expires_at: Date;
  due: boolean;
}

/**
 * The fan's own hold of the drop, locked `FOR UPDATE` in the caller's transaction (two checkout
 * attempts at once meet one order), or null: another fan's hold is as absent as a missing one.
 * Inventory's reader of `holds` for checkout, so checkout never queries the table itself.
 */
export async function lockHoldForCheckout(
  manager: EntityManager,
  holdId: string,
  dropId: string,
  userId: string,
): Promise<HoldForCheckout | null> {
  const [row] = await rows<HoldRow>(
    manager,
    `SELECT id, drop_id, variant_id, user_id, quantity, status, expires_at,
            expires_at <= now() AS due
       FROM holds
      WHERE id = $1 AND drop_id = $2 AND user_id = $3
      FOR UPDATE`,
    [holdId, dropId, userId],
  );
  if (!row) return null;
  return {
    id: row.id,
    dropId: row.drop_id,
    variantId: row.variant_id,
    userId: row.user_id,
    quantity: row.quantity,
    status: row.status,
    expiresAt: new Date(row.expires_at),
    due: row.due,
  };
}
