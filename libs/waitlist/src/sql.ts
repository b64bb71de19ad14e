import { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a statement, in the manager's transaction or on the pool. TypeORM's plain `query()`
 * returns `[rows, count]` for UPDATE/DELETE but rows for SELECT/INSERT; the structured result
 * has one shape for all of them.
 */
export async function rows<T>(
  on: EntityManager | DataSource,
  text: string,
  params: unknown[],
): Promise<T[]> {
  if (on instanceof EntityManager && on.queryRunner) {
    const result = await on.queryRunner.query(text, params, true);
    return result.records as T[];
  }
  const dataSource = on instanceof DataSource ? on : on.connection;
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(text, params, true);
    return result.records as T[];
  } finally {
    await runner.release();
  }
}

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
