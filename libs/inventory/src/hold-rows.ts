import { whyUnitsNotTaken } from '@limited-run/drops';
import type { EntityManager } from 'typeorm';
import { Hold, type HoldStatus } from './hold.entity';
import {
  DropNotFoundForHoldError,
  DropNotLiveError,
  InsufficientStockError,
  SoldOutError,
  VariantNotInDropError,
} from './inventory.errors';

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

/** Why a guarded line UPDATE took nothing, as the fan's answer; the transaction rolls back either way. */
export async function whyNotTaken(
  manager: EntityManager,
  dropId: string,
  variantId: string,
  liveStates: readonly string[],
): Promise<Error> {
  const reason = await whyUnitsNotTaken(manager, { dropId, variantId }, liveStates);
  switch (reason) {
    case 'drop-not-found':
      return new DropNotFoundForHoldError();
    case 'variant-not-in-drop':
      return new VariantNotInDropError();
    case 'drop-not-live':
      return new DropNotLiveError();
    case 'too-few-left':
      return new InsufficientStockError();
    case 'sold-out':
      return new SoldOutError();
  }
}
