import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import type { Client } from 'pg';
import request from 'supertest';
import { NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { connectTestDatabase, createTestDatabase, startApi } from './support/test-app';
import { harnessValue } from './support/test-services';

/**
 * What two test files running at once get: each its own database cloned from the template and
 * its own Redis prefix. Here both run in one process at the same time, which makes the check
 * deterministic: the same sign-up succeeds in both, and neither sees the other's rows or jobs.
 */
describe('two test environments running at once do not see each other', () => {
  const first = {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? '',
  };
  const second = {
    DATABASE_URL: `${first.DATABASE_URL}_b`,
    REDIS_PREFIX: `${first.REDIS_PREFIX}-b`,
  };
  let appA: NestFastifyApplication;
  let appB: NestFastifyApplication;
  let dbA: Client;
  let dbB: Client;

  beforeAll(async () => {
    await createTestDatabase(first.DATABASE_URL);
    await createTestDatabase(second.DATABASE_URL);
    dbA = await connectTestDatabase(first.DATABASE_URL);
    dbB = await connectTestDatabase(second.DATABASE_URL);
    appA = await startApi();
    // A fresh module registry reads the environment again, exactly as another test file would.
    Object.assign(process.env, second);
    await jest.isolateModulesAsync(async () => {
      const isolated =
        jest.requireActual<typeof import('./support/test-app')>('./support/test-app');
      appB = await isolated.startApi();
    });
    Object.assign(process.env, first);
  });

  afterAll(async () => {
    await Promise.all([appA?.close(), appB?.close()]);
    await Promise.all([dbA?.end(), dbB?.end()]);
  });

  it('the same sign-up succeeds in both, concurrently, and each database holds only its own', async () => {
    const body = { email: 'twin@example.com', password: 'a long password', displayName: 'Twin' };
    const [a, b] = await Promise.all([
      request(appA.getHttpServer()).post('/auth/signup').send(body),
      request(appB.getHttpServer()).post('/auth/signup').send(body),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.user.id).not.toBe(b.body.user.id);

    const idsIn = async (db: Client): Promise<string[]> =>
      (await db.query<{ id: string }>('SELECT id FROM users')).rows.map((r) => r.id);
    expect(await idsIn(dbA)).toEqual([a.body.user.id]);
    expect(await idsIn(dbB)).toEqual([b.body.user.id]);
  });

  it('their Bull jobs live under different Redis prefixes', async () => {
    const queueA = appA.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const queueB = appB.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const [waitingA, waitingB] = await Promise.all([queueA.getWaiting(), queueB.getWaiting()]);
    const [rowA] = (await dbA.query<{ id: string }>('SELECT id FROM notifications')).rows;
    const [rowB] = (await dbB.query<{ id: string }>('SELECT id FROM notifications')).rows;
    expect(waitingA.map((j) => j.data.notificationId)).toEqual([rowA.id]);
    expect(waitingB.map((j) => j.data.notificationId)).toEqual([rowB.id]);

    const redis = new Redis(harnessValue('redisUrl'));
    try {
      const keysA = await redis.keys(`${first.REDIS_PREFIX}:*`);
      const keysB = await redis.keys(`${second.REDIS_PREFIX}:*`);
      expect(keysA.length).toBeGreaterThan(0);
      expect(keysB.length).toBeGreaterThan(0);
      expect(keysA.filter((k) => keysB.includes(k))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
