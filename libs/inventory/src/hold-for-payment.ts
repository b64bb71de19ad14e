import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { HoldStatus } from './hold.entity';

/** Where the hold an order pays for stands, as settlement and the hold-expiry guard judge it. */
export interface HoldForPayment {
  id: string;
  status: HoldStatus;
  /** `expires_at <= now()`, by the database clock of the same statement. */
  due: boolean;
}

/**
 * The hold a payment meets, or null. Settlement locks it (`'update'`, in its transaction) so the
 * hold cannot end while the payment decides what it buys; the hold-expiry guard only looks
 * (`'none'`) before it asks Stripe to end the session. Inventory's reader of `holds` for
 * checkout's payment path.
 */
export async function readHoldForPayment(
  on: EntityManager | DataSource,
  holdId: string,
  lock: 'update' | 'none',
): Promise<HoldForPayment | null> {
  const [row] = await rows<{ id: string; status: HoldStatus; due: boolean }>(
    on,
    `SELECT id, status, expires_at <= now() AS due
       FROM holds WHERE id = $1 ${lock === 'update' ? 'FOR UPDATE' : ''}`,
    [holdId],
  );
  return row ? { id: row.id, status: row.status, due: row.due } : null;
}
