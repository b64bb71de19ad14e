import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';
import { Hold, type HoldStatus } from './hold.entity';
import {
  DropNotFoundForHoldError,
  DropNotLiveError,
  InsufficientStockError,
  SoldOutError,
  VariantNotInDropError,
} from './inventory.errors';

/** A drop line's counters as the guarded UPDATE returns them. */
export interface LineRow {
  quantity_allocated: number;
  held: number;
  sold: number;
}

/** A `holds` row from raw SQL (snake_case) as the entity. */
export function toHold(row: Record<string, unknown>): Hold {
  return Object.assign(new Hold(), {
    id: row.id as string,
    dropId: row.drop_id as string,
    variantId: row.variant_id as string,
    userId: row.user_id as string,
    quantity: Number(row.quantity),
    status: row.status as HoldStatus,
    expiresAt: new Date(row.expires_at as string),
    idempotencyKey: row.idempotency_key as string,
    requestHash: row.request_hash as string,
    createdAt: new Date(row.created_at as string),
    endedAt: row.ended_at ? new Date(row.ended_at as string) : null,
  });
}

/** Why a guarded line UPDATE took nothing; the transaction rolls back either way. */
export async function whyNotTaken(
  manager: EntityManager,
  dropId: string,
  variantId: string,
  liveStates: readonly string[],
): Promise<Error> {
  const [found] = await rows<{ state: string; available: number | null }>(
    manager,
    `SELECT d.state, l.quantity_allocated - l.held - l.sold AS available
       FROM drops d LEFT JOIN drop_lines l ON l.drop_id = d.id AND l.variant_id = $2
      WHERE d.id = $1`,
    [dropId, variantId],
  );
  if (!found) return new DropNotFoundForHoldError();
  if (found.available === null) return new VariantNotInDropError();
  if (!liveStates.includes(found.state)) return new DropNotLiveError();
  return found.available > 0 ? new InsufficientStockError() : new SoldOutError();
}
