import './support/env/fast-safety-nets';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefundJob } from '@limited-run/checkout';
import { DropJob, DROPS_QUEUE } from '@limited-run/drops';
import { HOLDS_QUEUE, HoldJob } from '@limited-run/inventory';
import { NOTIFICATIONS_QUEUE, NotificationJob } from '@limited-run/notifications';
import { PaymentJob, PAYMENTS_QUEUE } from '@limited-run/payments';
import { WAITLIST_QUEUE, WaitlistJob } from '@limited-run/admission';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import Redis from 'ioredis';
import type { Client } from 'pg';
import request from 'supertest';
import { SafetyNets } from '../apps/worker/src/safety-nets';
import { chaosPort } from './chaos/ports';
import { PrivateRedis, redisDataDir, redisLogFile } from './chaos/private-redis';
import { createAccount } from './support/accounts';
import { eventually } from './support/eventually';
import { openLiveDrop } from './support/live-drop';

jest.setTimeout(300_000);

/** Every safety-net sweep of the worker, by queue. */
const SAFETY_NETS: Record<string, string[]> = {
  [HOLDS_QUEUE]: [HoldJob.Reconcile, HoldJob.Sweep],
  [DROPS_QUEUE]: [DropJob.Sweep],
  [WAITLIST_QUEUE]: [WaitlistJob.RaffleSweep, WaitlistJob.WaitlistSweep],
  [PAYMENTS_QUEUE]: [RefundJob.Sweep, PaymentJob.SweepEvents],
  [NOTIFICATIONS_QUEUE]: [NotificationJob.Sweep],
};

// Sweeps and the safety-net check every second (the env file above); a second of work each.
const BACK_WITHIN_MS = 30_000;

describe("the worker's safety nets come back by themselves after Redis loses its data", () => {
  let redis: PrivateRedis;
  let flusher: Redis;
  let db: Client;
  let api: NestFastifyApplication;
  const workers: NestFastifyApplication[] = [];

  beforeAll(async () => {
    // A Redis of this file's own (the shared one is never flushed), chosen before the app
    // modules load: they read the environment as they are composed.
    const dir = mkdtempSync(join(tmpdir(), 'lr-safety-nets-'));
    redis = new PrivateRedis(await chaosPort(), redisDataDir(dir, 0), redisLogFile(dir));
    await redis.start();
    process.env.REDIS_URL = redis.url;
    const stack = jest.requireActual<typeof import('./support/test-app')>('./support/test-app');
    await stack.createTestDatabase();
    db = await stack.connectTestDatabase();
    api = await stack.startApi();
    // Two workers, as in production: their registrations must not add up.
    workers.push(await stack.startWorker(), await stack.startWorker());
    flusher = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await api?.close();
    await db?.end();
    flusher?.disconnect();
    await redis?.stop();
  });

  /** The registered repeatable jobs, `queue/name`, sorted (a duplicate shows twice). */
  async function registered(): Promise<string[]> {
    const names: string[] = [];
    for (const queue of Object.keys(SAFETY_NETS)) {
      const bull = workers[0].get<Queue>(getQueueToken(queue), { strict: false });
      for (const job of await bull.getRepeatableJobs()) names.push(`${queue}/${job.name}`);
    }
    return names.sort();
  }

  const everySafetyNet = Object.entries(SAFETY_NETS)
    .flatMap(([queue, names]) => names.map((name) => `${queue}/${name}`))
    .sort();

  async function allBack(): Promise<true | undefined> {
    const now = await registered();
    return JSON.stringify(now) === JSON.stringify(everySafetyNet) ? true : undefined;
  }

  async function heldHold(dropId: string, variantId: string): Promise<string> {
    const fan = await createAccount(api, db);
    const held = await request(api.getHttpServer())
      .post(`/drops/${dropId}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', randomUUID())
      .send({ variantId, quantity: 1 })
      .expect(201);
    return held.body.holdId as string;
  }

  /** The hold's time runs out (the database clock, as the model-based test moves it). */
  async function runOut(holdId: string): Promise<void> {
    await db.query(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      holdId,
    ]);
  }

  const holdStatus = async (holdId: string): Promise<string> =>
    (await db.query<{ status: string }>('SELECT status FROM holds WHERE id = $1', [holdId])).rows[0]
      .status;

  it('both workers register every sweep once', async () => {
    await eventually(allBack, BACK_WITHIN_MS);
    expect(await registered()).toEqual(everySafetyNet);
  });

  it('registering them again removes none of them, even for a moment', async () => {
    await eventually(allBack, BACK_WITHIN_MS);
    const nets = workers[0].get(SafetyNets);
    const queues = Object.keys(SAFETY_NETS).map((queue) =>
      workers[0].get<Queue>(getQueueToken(queue), { strict: false }),
    );
    const removals = queues.map((queue) => jest.spyOn(queue, 'removeRepeatableByKey'));
    try {
      await nets.register();
      for (const removal of removals) expect(removal).not.toHaveBeenCalled();
    } finally {
      for (const removal of removals) removal.mockRestore();
    }
    expect(await registered()).toEqual(everySafetyNet);
  });

  it('after a flush (no connection lost) the sweeps are back and a hold past expiry ends', async () => {
    const drop = await openLiveDrop(api, db, { units: [3] });
    const holdId = await heldHold(drop.id, drop.variantIds[0]);

    // Every key goes: the sweeps' registrations, the hold's own expiry job, the gate.
    await flusher.flushall();
    await runOut(holdId);

    await eventually(
      async () => ((await holdStatus(holdId)) === 'expired' ? true : undefined),
      BACK_WITHIN_MS,
    );
    await eventually(allBack, BACK_WITHIN_MS);
    expect(await registered()).toEqual(everySafetyNet);
  });

  it('after a restart without its data the sweeps are back: holds expire, drops close', async () => {
    const drop = await openLiveDrop(api, db, { units: [3], endsInSeconds: 3600 });
    const holdId = await heldHold(drop.id, drop.variantIds[0]);

    await redis.restart(false, 300);
    await runOut(holdId);
    // The drop's end arrives; its close job went with Redis's data.
    await db.query(
      `UPDATE drops SET ends_at = greatest(starts_at + interval '1 millisecond', now()) WHERE id = $1`,
      [drop.id],
    );

    await eventually(
      async () => ((await holdStatus(holdId)) === 'expired' ? true : undefined),
      BACK_WITHIN_MS,
    );
    await eventually(async () => {
      const { rows } = await db.query<{ state: string }>('SELECT state FROM drops WHERE id = $1', [
        drop.id,
      ]);
      return rows[0].state === 'closed' ? true : undefined;
    }, BACK_WITHIN_MS);
    await eventually(allBack, BACK_WITHIN_MS);
    expect(await registered()).toEqual(everySafetyNet);
  });
});
