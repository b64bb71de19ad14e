import { DomainError } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';

/** What this library needs of a granted hold. */
export interface GrantedHold {
  id: string;
  expiresAt: Date;
}

export interface HoldGrant {
  dropId: string;
  variantId: string;
  userId: string;
  quantity: number;
  holdSeconds: number;
  /** Deterministic, so granting again (a retried job) finds the first hold. */
  key: string;
  reason: string;
}

/**
 * The scarcity engine's "give this fan a hold" (`HoldsService` of `@limited-run/inventory`
 * satisfies it). This library names only the shape, never the inventory library, so the hold
 * path can import this library's policies without a cycle; the worker binds the real one
 * (`WaitlistWorkerModule.register`).
 */
export interface HoldGranter<H extends GrantedHold = GrantedHold> {
  /** In the caller's transaction; throws SOLD_OUT, LIMIT_REACHED, … when it cannot. */
  grant(manager: EntityManager, input: HoldGrant): Promise<H>;
  /** Once the transaction that granted it has committed. */
  afterCommit(change: { kind: 'granted'; hold: H }): Promise<void>;
}

export const HOLD_GRANTER = Symbol('HOLD_GRANTER');

/** The hold path's refusals that mean "not this fan / not now", as opposed to a failure. */
export const GRANT_REFUSALS = [
  'SOLD_OUT',
  'INSUFFICIENT_STOCK',
  'LIMIT_REACHED',
  'DROP_NOT_LIVE',
] as const;

export function grantRefusal(error: unknown): (typeof GRANT_REFUSALS)[number] | null {
  if (!(error instanceof DomainError)) return null;
  return (GRANT_REFUSALS as readonly string[]).includes(error.code)
    ? (error.code as (typeof GRANT_REFUSALS)[number])
    : null;
}
