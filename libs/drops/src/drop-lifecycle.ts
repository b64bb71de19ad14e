import { EntityManager } from 'typeorm';
import { Drop, type DropState } from './drop.entity';
import { InvalidDropTransitionError } from './drops.errors';
import { announceAfterCommit } from './drop-transitions-announced';

/**
 * Every allowed move of the drop state machine; whatever is not listed is refused. `sold_out`
 * follows the real stock: units that come back (a refund returning them, a lapsed hold) put a
 * sold-out drop on sale again, and past its end a sold-out drop closes. `closed` and
 * `cancelled` are final.
 */
export const DROP_TRANSITIONS: Readonly<Record<DropState, readonly DropState[]>> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['sold_out', 'closed', 'cancelled'],
  sold_out: ['live', 'closed'],
  closed: [],
  cancelled: [],
};

/** The column stamped with the moment a drop enters a state. */
const STAMPED: Partial<Record<DropState, 'openedAt' | 'closedAt' | 'cancelledAt'>> = {
  live: 'openedAt',
  sold_out: 'closedAt',
  closed: 'closedAt',
  cancelled: 'cancelledAt',
};

export function canTransition(from: DropState, to: DropState): boolean {
  return DROP_TRANSITIONS[from].includes(to);
}

/** Refuses a move the state machine does not allow with 409 INVALID_DROP_TRANSITION. */
export function assertDropTransition(from: DropState, to: DropState): void {
  if (!canTransition(from, to)) throw new InvalidDropTransitionError(from, to);
}

export interface DropTransition {
  dropId: string;
  from: DropState;
  to: DropState;
  /**
   * Only if the drop is due by the database clock: `startsAt` (opening) or `endsAt` (closing).
   * The worker's jobs and sweep use it, so an early or stale job changes nothing.
   */
  dueBy?: 'startsAt' | 'endsAt';
}

/**
 * The one way a drop changes state. The UPDATE is guarded by the expected current state, so of
 * two workers (or a worker and a collective) applying a transition at once, exactly one wins;
 * the loser gets null and must not act on it. Runs in the caller's transaction.
 */
export async function applyDropTransition(
  manager: EntityManager,
  transition: DropTransition,
): Promise<Drop | null> {
  const { dropId, from, to, dueBy } = transition;
  assertDropTransition(from, to);
  const stamp = STAMPED[to];
  // Reopening after a sellout keeps the first opening time and clears the sellout's.
  const stamped =
    to === 'live'
      ? { openedAt: () => 'coalesce(opened_at, now())', closedAt: null }
      : stamp
        ? { [stamp]: () => 'now()' }
        : {};
  const query = manager
    .createQueryBuilder()
    .update(Drop)
    .set({ state: to, updatedAt: () => 'now()', ...stamped })
    .where('id = :dropId AND state = :from', { dropId, from });
  if (dueBy === 'startsAt') query.andWhere('starts_at <= now()');
  if (dueBy === 'endsAt') query.andWhere('ends_at IS NOT NULL AND ends_at <= now()');
  const result = await query.execute();
  if (result.affected !== 1) return null;
  const moved = await manager.getRepository(Drop).findOneByOrFail({ id: dropId });
  await announceAfterCommit(manager, { dropId, from, to: moved.state, at: moved.updatedAt });
  return moved;
}
