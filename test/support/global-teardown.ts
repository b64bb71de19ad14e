// Drops every database and Redis key this run created, then stops an embedded Postgres if we started one.
import Redis from 'ioredis';
import { Client } from 'pg';
import { stopEmbeddedTestPostgres } from './embedded-test-postgres';
import { harnessValue, testDatabasePrefix, testRedisPrefix } from './test-services';

async function dropDatabases(adminUrl: string, runId: string, templateDb: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${testDatabasePrefix(runId)}%`, templateDb],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

async function deleteRedisKeys(redisUrl: string, runId: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${testRedisPrefix(runId)}:*`,
        'COUNT',
        1000,
      );
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export default async function globalTeardown(): Promise<void> {
  const runId = harnessValue('runId');
  await dropDatabases(harnessValue('adminUrl'), runId, harnessValue('templateDb'));
  await deleteRedisKeys(harnessValue('redisUrl'), runId);
  await stopEmbeddedTestPostgres();
}
