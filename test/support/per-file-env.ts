// Runs before each e2e test file's imports: gives the file its own database name and Redis
// prefix, so files run in parallel without seeing each other. `useTestDatabase()` creates it.
import { randomBytes } from 'node:crypto';
import { databaseUrl, harnessValue, testDatabasePrefix, testRedisPrefix } from './test-services';

const runId = harnessValue('runId');
const fileId = randomBytes(4).toString('hex');
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = databaseUrl(
  harnessValue('adminUrl'),
  `${testDatabasePrefix(runId)}${fileId}`,
);
process.env.REDIS_URL = harnessValue('redisUrl');
process.env.REDIS_PREFIX = `${testRedisPrefix(runId)}:${fileId}`;
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = randomBytes(32).toString('hex');
// Generous, so suites that sign in many times are not throttled; rate-limit tests lower it.
process.env.RATE_LIMIT_AUTH = '100000/60';
process.env.RATE_LIMIT_HOLDS_PER_FAN = '100000/60';
process.env.RATE_LIMIT_HOLDS_PER_IP = '100000/60';
process.env.API_PORT = '0';
process.env.WORKER_PORT = '0';
