// `node dist/scripts/migrate.js`: applies pending migrations to DATABASE_URL (the compose
// one-shot service and the embedded launcher use it; developers use `npm run migration:run`).
import 'reflect-metadata';
import { reportBootFailure, runMigrations, validateEnvironment } from '@limited-run/platform';

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const applied = await runMigrations(env.DATABASE_URL);
  process.stdout.write(
    applied.length > 0
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n`
      : 'schema is up to date\n',
  );
}

main().catch(reportBootFailure('migrate'));
