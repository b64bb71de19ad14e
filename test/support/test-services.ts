// Where the test suite finds Postgres and Redis. Shared by global setup/teardown and per-file setup.
import { randomBytes } from 'node:crypto';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Variables global setup hands to every test file (workers inherit the parent's environment). */
export const HARNESS = {
  runId: 'LR_TEST_RUN_ID',
  adminUrl: 'LR_TEST_ADMIN_URL',
  templateDb: 'LR_TEST_TEMPLATE_DB',
  redisUrl: 'LR_TEST_REDIS_URL',
} as const;

export function harnessValue(name: keyof typeof HARNESS): string {
  const value = process.env[HARNESS[name]];
  if (!value)
    throw new Error(`${HARNESS[name]} is not set: run the e2e tests through jest (global setup).`);
  return value;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** The admin URL with another database name. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const testDatabasePrefix = (runId: string): string => `lr_test_${runId}_`;
export const testRedisPrefix = (runId: string): string => `lrtest:${runId}`;
