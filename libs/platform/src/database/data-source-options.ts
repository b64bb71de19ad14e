import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migration-files';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  applicationName: string;
}

/**
 * One definition of how we talk to Postgres, used by the apps, the migration CLI and the
 * test harness. The schema only ever changes through `migrations/`.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    entities: [join(__dirname, '../../../*/src/**/*.entity.{ts,js}')],
    extra: { max: settings.poolSize },
    parseInt8: true,
  };
}
