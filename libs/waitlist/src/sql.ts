import type { EntityManager } from 'typeorm';

export { rows } from '@limited-run/platform';

/** Savepoint around work that may fail inside a larger transaction without aborting it. */
export async function attempt<T>(
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

/** A transaction-scoped advisory lock: one draw or pass-down per drop at a time, on any worker. */
export async function lockDrop(
  manager: EntityManager,
  purpose: string,
  dropId: string,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${purpose}:${dropId}`]);
}
