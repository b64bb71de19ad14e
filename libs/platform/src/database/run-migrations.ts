import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** Applies every pending migration; returns the names applied. Safe to run concurrently (advisory lock). */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url, poolSize: 2, applicationName: 'lr-migrations' }),
    entities: [],
  });
  await dataSource.initialize();
  try {
    // Two processes starting at once (api + worker, or several replicas) must not both migrate.
    await dataSource.query('SELECT pg_advisory_lock(7212026)');
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(7212026)');
    }
  } finally {
    await dataSource.destroy();
  }
}
