import {
  type LineCounts,
  readDropState,
  readPerCustomerLimit,
  takeLineUnits,
} from '@limited-run/drops';
import { type MovementKind, recordMovement } from '@limited-run/ledger';
import { rows } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';
import type { Hold } from '../hold.entity';
import { toHold, whyNotTaken } from '../hold-rows';
import { DropNotFoundForHoldError, DropNotLiveError, LimitReachedError } from '../inventory.errors';
import { movementOfHold } from './movement-of-hold';

/** One hold written outside the hot path's group commit: a grant, or a sale without a hold. */
export interface SingleHold {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  holdSeconds: number;
  perCustomerLimit: number | null;
  idempotencyKey: string;
  requestHash: string;
  /** Drop states in which it may take units. */
  liveStates: readonly string[];
  /** `active` holds the units; `converted` sells them at once. */
  status: 'active' | 'converted';
  movement: MovementKind;
  reason: string;
}

/**
 * The truth gate for one hold, in the caller's transaction: the per-fan limit, the hold and
 * its ledger row, and last the guarded UPDATE of the contested line, so its row lock is held
 * only until commit. Throws why the units could not be taken; the caller's transaction (or
 * savepoint) rolls back.
 */
export async function writeSingleHold(
  manager: EntityManager,
  request: SingleHold,
): Promise<{ hold: Hold; line: LineCounts }> {
  await addFanUnits(manager, request);
  const hold = await insertHold(manager, request);
  await recordMovement(
    manager,
    movementOfHold(hold, request.movement, request.userId, request.reason),
  );
  const line = await takeFromLine(manager, request);
  // The join in `takeFromLine` may have read the drop before a cancel or close committed while
  // it waited for the line's lock; a fresh read sees it, and the hold rolls back.
  const state = await readDropState(manager, request.dropId);
  if (!state || !request.liveStates.includes(state)) throw new DropNotLiveError();
  return { hold, line };
}

/** The drop's per-customer limit, which a grant is held to as a fan's own request is. */
export async function perCustomerLimitOf(manager: EntityManager, dropId: string): Promise<number> {
  const limit = await readPerCustomerLimit(manager, dropId);
  if (limit === null) throw new DropNotFoundForHoldError();
  return limit;
}

async function addFanUnits(manager: EntityManager, request: SingleHold): Promise<void> {
  const owned = await rows<{ units: number }>(
    manager,
    `INSERT INTO drop_fan_units (drop_id, user_id, units)
     SELECT $1, $2, $3 WHERE $4::int IS NULL OR $3 <= $4::int
     ON CONFLICT (drop_id, user_id) DO UPDATE SET units = drop_fan_units.units + EXCLUDED.units
      WHERE $4::int IS NULL OR drop_fan_units.units + EXCLUDED.units <= $4::int
     RETURNING units`,
    [request.dropId, request.userId, request.quantity, request.perCustomerLimit],
  );
  if (owned.length === 0) throw new LimitReachedError(request.perCustomerLimit ?? 0);
}

async function insertHold(manager: EntityManager, request: SingleHold): Promise<Hold> {
  const [created] = await rows<Record<string, unknown>>(
    manager,
    `INSERT INTO holds (drop_id, variant_id, user_id, quantity, status, expires_at,
                        idempotency_key, request_hash, ended_at)
     VALUES ($1, $2, $3, $4, $5::varchar, now() + make_interval(secs => $6), $7, $8,
             CASE WHEN $5::varchar = 'active' THEN NULL ELSE now() END)
     RETURNING *`,
    [
      request.dropId,
      request.variantId,
      request.userId,
      request.quantity,
      request.status,
      request.holdSeconds,
      request.idempotencyKey,
      request.requestHash,
    ],
  );
  return toHold(created);
}

/** Drops' guarded UPDATE: `held` (or `sold`) grows only while the line has the units. */
async function takeFromLine(manager: EntityManager, request: SingleHold): Promise<LineCounts> {
  const { dropId, variantId, quantity, liveStates } = request;
  const line = await takeLineUnits(manager, {
    dropId,
    variantId,
    quantity,
    into: request.status === 'active' ? 'held' : 'sold',
    liveStates,
  });
  if (!line) throw await whyNotTaken(manager, dropId, variantId, liveStates);
  return line;
}
