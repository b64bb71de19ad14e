import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';
import type { MovementKind } from './inventory-movement.entity';

/** One row of the append-only ledger: units of a drop line that moved, who moved them and why. */
export interface Movement {
  dropId: string;
  variantId: string;
  /** Null when no hold moved the units (a `return` of free units to the edition). */
  holdId: string | null;
  kind: MovementKind;
  quantity: number;
  /** Null when the platform moved the units (an expiry, a payment). */
  actorUserId: string | null;
  reason: string;
}

const COLUMNS = 'drop_id, variant_id, hold_id, kind, quantity, actor_user_id, reason';

/**
 * The ledger's one INSERT, its rows taken from `source` (a VALUES list or a SELECT, in the
 * column order of `Movement`). The hot path's group commit writes its movements in the same
 * statement as its holds, so it takes the statement rather than `recordMovement`.
 */
export const ledgerInsert = (source: string): string =>
  `INSERT INTO inventory_movements (${COLUMNS}) ${source}`;

/** Records one movement in the caller's transaction, with the change it records. */
export async function recordMovement(manager: EntityManager, movement: Movement): Promise<void> {
  await rows(manager, ledgerInsert('VALUES ($1, $2, $3, $4, $5, $6, $7)'), [
    movement.dropId,
    movement.variantId,
    movement.holdId,
    movement.kind,
    movement.quantity,
    movement.actorUserId,
    movement.reason,
  ]);
}
