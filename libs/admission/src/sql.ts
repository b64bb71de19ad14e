import type { EntityManager } from 'typeorm';

export { rows } from '@limited-run/platform';

/**
 * A transaction-scoped advisory lock: one draw, pass-down, room opening or round of offers per
 * drop at a time, on any worker. Raffles and second chance take it too.
 */
export async function lockDrop(
  manager: EntityManager,
  purpose: string,
  dropId: string,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${purpose}:${dropId}`]);
}
