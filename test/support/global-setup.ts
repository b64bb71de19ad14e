// Runs once per `jest` run: finds Postgres (or starts the embedded one), migrates a template
// database, and passes names to the test files through the environment.
import { Client } from 'pg';
import { runMigrations } from '../../libs/platform/src/database/run-migrations';
import { startEmbeddedTestPostgres } from './embedded-test-postgres';
import {
  DEFAULT_ADMIN_URL,
  DEFAULT_REDIS_URL,
  HARNESS,
  databaseUrl,
  newRunId,
} from './test-services';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  let adminUrl = process.env.DATABASE_URL
    ? databaseUrl(process.env.DATABASE_URL, 'postgres')
    : DEFAULT_ADMIN_URL;
  if (!(await answers(adminUrl))) {
    process.stdout.write(
      `\nPostgres does not answer at ${new URL(adminUrl).host}; starting the embedded one.\n`,
    );
    adminUrl = await startEmbeddedTestPostgres();
  }
  const templateDb = `lr_tpl_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${templateDb}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(adminUrl, templateDb));

  process.env[HARNESS.runId] = runId;
  process.env[HARNESS.adminUrl] = adminUrl;
  process.env[HARNESS.templateDb] = templateDb;
  process.env[HARNESS.redisUrl] = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
}
