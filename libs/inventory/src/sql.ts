import type { EntityManager } from 'typeorm';

/**
 * Rows of a statement run in the manager's transaction. TypeORM's plain `query()` returns
 * `[rows, count]` for UPDATE/DELETE but `rows` for SELECT/INSERT; the structured result is the
 * same shape for all of them.
 */
export async function rows<T>(
  manager: EntityManager,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('rows() needs a transactional EntityManager');
  const result = await runner.query(text, params, true);
  return result.records as T[];
}
