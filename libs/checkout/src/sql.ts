import type { EntityManager } from 'typeorm';

/**
 * Rows of a statement run in the manager's transaction, whatever the statement: TypeORM's
 * `query()` answers `[rows, count]` for UPDATE but `rows` for SELECT.
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
