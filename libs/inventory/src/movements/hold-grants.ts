import { afterCommit, DomainError } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Hold } from '../hold.entity';
import { requestHashOf } from '../idempotency-key';
import { InventoryMirror } from './inventory-mirror';
import { perCustomerLimitOf, writeSingleHold } from './single-hold-writer';

/** A hold given to a chosen fan (raffle winner, waitlist offer) rather than won at the gate. */
export interface GrantRequest {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  holdSeconds: number;
  /** Deterministic, so granting twice (a retried job) finds the first hold. */
  key: string;
  reason: string;
}

/**
 * The refusals of `HoldGrants.grant` that mean "not this fan / not now", as opposed to a
 * failure: a raffle's draw or a second-chance offer passes over the fan and carries on.
 */
export const GRANT_REFUSALS = [
  'SOLD_OUT',
  'INSUFFICIENT_STOCK',
  'LIMIT_REACHED',
  'DROP_NOT_LIVE',
] as const;

export type GrantRefusal = (typeof GRANT_REFUSALS)[number];

export function grantRefusal(error: unknown): GrantRefusal | null {
  if (!(error instanceof DomainError)) return null;
  return (GRANT_REFUSALS as readonly string[]).includes(error.code)
    ? (error.code as GrantRefusal)
    : null;
}

/**
 * Runs a grant (and whatever the caller records with it) in a savepoint, a nested
 * `manager.transaction`, so a refusal, or any statement Postgres refuses (a unique or CHECK
 * violation), leaves the caller's larger transaction (a draw, a round of offers) usable. The
 * savepoint's after-commit steps (the grant's mirror, a mail) go with it when it rolls back.
 * `work` must write through the manager it is given.
 */
export async function attemptGrant<T>(
  manager: EntityManager,
  work: (savepoint: EntityManager) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await manager.transaction(work) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Holds granted outside the hot path, by the libraries above inventory (raffles, second chance). */
@Injectable()
export class HoldGrants {
  constructor(private readonly mirror: InventoryMirror) {}

  /**
   * Gives a chosen fan a hold, in the caller's transaction, through the same truth gate and
   * per-fan limit as a fan's own request; once the outermost transaction commits, the hold is
   * mirrored in the admission gate, its expiry job and the live feed. Granting again with the
   * same key returns the first hold (mirrored when it was granted).
   */
  async grant(manager: EntityManager, input: GrantRequest): Promise<Hold> {
    const existing = await manager.getRepository(Hold).findOneBy({
      userId: input.userId,
      dropId: input.dropId,
      idempotencyKey: input.key,
    });
    if (existing) return existing;
    const { hold } = await writeSingleHold(manager, {
      ...input,
      perCustomerLimit: await perCustomerLimitOf(manager, input.dropId),
      idempotencyKey: input.key,
      requestHash: requestHashOf({ grant: input.key }),
      liveStates: ['scheduled', 'live'],
      status: 'active',
      movement: 'hold',
    });
    await afterCommit(manager, 'mirror a granted hold', () =>
      this.mirror.taken({ kind: 'granted', hold }),
    );
    return hold;
  }
}
