import { DomainError } from '@limited-run/platform';
import type { EntityManager } from 'typeorm';

/**
 * The refusals of `HoldsService.grant` that mean "not this fan / not now", as opposed to a
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
 * Runs a grant (and whatever the caller records with it) in a savepoint, so a refusal leaves
 * the caller's larger transaction (a draw, a round of offers) intact.
 */
export async function attemptGrant<T>(
  manager: EntityManager,
  name: string,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await manager.query(`SAVEPOINT ${name}`);
  try {
    const value = await work();
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return { ok: true, value };
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return { ok: false, error };
  }
}
