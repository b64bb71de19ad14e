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
