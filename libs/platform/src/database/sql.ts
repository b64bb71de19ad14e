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

/**
 * A condition on a row's id, in SQL, written by the library that owns the tables it reads, for
 * another owner's reader to add to its WHERE (`onlyIf(n.id)`): the filter and the reader's
 * LIMIT then run in one statement, so the reader never lists rows its caller would throw away
 * (the anomaly watch's "not raised yet", from anomalies). It is given the reader's qualified id
 * column and must use no bind parameters, since it cannot know which numbers are free.
 */
export type IdCondition = (idColumn: string) => string;
