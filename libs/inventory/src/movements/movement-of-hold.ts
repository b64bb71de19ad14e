import type { Movement, MovementKind } from '@limited-run/ledger';
import type { Hold } from '../hold.entity';

/** The movement of all of a hold's units. */
export const movementOfHold = (
  hold: Hold,
  kind: MovementKind,
  actorUserId: string | null,
  reason: string,
): Movement => ({
  dropId: hold.dropId,
  variantId: hold.variantId,
  holdId: hold.id,
  kind,
  quantity: hold.quantity,
  actorUserId,
  reason,
});
