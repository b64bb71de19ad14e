import './support/env/fast-hold-sweep';
import { randomUUID } from 'node:crypto';
import { HOLDS_QUEUE, expireJobIdFor } from '@limited-run/inventory';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { openLiveDrop } from './support/live-drop';
import { eventually, startWorker, useApiOnTestDatabase } from './support/test-app';

// The shortest hold a drop allows is 60 s; the test waits for it to run out.
jest.setTimeout(150_000);

describe('a hold whose expiry job was lost still ends on time', () => {
  const ctx = useApiOnTestDatabase();
  let worker: NestFastifyApplication;

  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
  });

  it('the sweep returns its unit within holdSeconds plus a few seconds, and it sells again', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [1], holdSeconds: 60 });
    const [first, second] = [
      await createAccount(ctx.app, ctx.db),
      await createAccount(ctx.app, ctx.db),
    ];
    const hold = (who: { bearer: string }) =>
      request(ctx.app.getHttpServer())
        .post(`/drops/${drop.id}/holds`)
        .set('authorization', who.bearer)
        .set('idempotency-key', randomUUID())
        .send({ variantId: drop.variantIds[0], quantity: 1 });

    const held = await hold(first).expect(201);
    const placedAt = Date.now();
    const queue = ctx.app.get<Queue>(getQueueToken(HOLDS_QUEUE));
    const job = await queue.getJob(expireJobIdFor(held.body.holdId));
    expect(job).not.toBeNull();
    await job?.remove();
    expect(await queue.getJob(expireJobIdFor(held.body.holdId))).toBeNull();
    expect((await hold(second).expect(409)).body.error.code).toBe('SOLD_OUT');

    await eventually(async () => {
      const { rows } = await ctx.db.query<{ status: string }>(
        'SELECT status FROM holds WHERE id = $1',
        [held.body.holdId],
      );
      return rows[0].status === 'expired' ? true : undefined;
    }, 75_000);
    const lateBy = Date.now() - placedAt - 60_000;
    expect(lateBy).toBeLessThan(10_000);
    const { rows: movements } = await ctx.db.query<{ kind: string; actor_user_id: string | null }>(
      `SELECT kind, actor_user_id FROM inventory_movements WHERE hold_id = $1 ORDER BY id`,
      [held.body.holdId],
    );
    expect(movements).toEqual([
      { kind: 'hold', actor_user_id: first.id },
      { kind: 'expire', actor_user_id: null },
    ]);
    // Back on sale at once: the gate has the unit again.
    await hold(second).expect(201);
  });
});
