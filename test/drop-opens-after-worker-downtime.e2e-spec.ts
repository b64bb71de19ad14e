import './support/env/fast-drop-sweep';
import { DropClock, DROPS_QUEUE } from '@limited-run/drops';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { Client } from 'pg';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import {
  createDrop,
  createItem,
  dropState,
  hoodie,
  inSeconds,
  scheduleDrop,
  type TestItem,
} from './support/drops';
import {
  connectTestDatabase,
  createTestDatabase,
  eventually,
  startApi,
  startWorker,
} from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('drops open and close on time even when the worker was down or a job was lost', () => {
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication | undefined;
  let db: Client;
  let owner: TestAccount;
  let item: TestItem;
  const slug = 'night-shift';
  let dropCount = 0;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    const admin = await createAccount(api, db, { role: 'admin' });
    owner = await createAccount(api, db);
    await createCollective(api, admin, owner, slug);
    item = await createItem(api, owner, slug, hoodie('NS'));
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const scheduledDrop = async (startsIn: number, endsIn: number | null) => {
    dropCount++;
    const drop = await createDrop(api, owner, slug, {
      name: `Drop ${dropCount}`,
      slug: `drop-${dropCount}`,
      startsAt: inSeconds(startsIn),
      endsAt: endsIn === null ? null : inSeconds(endsIn),
      lines: [{ variantId: item.variants[0].id, quantity: 1 }],
    });
    return scheduleDrop(api, owner, slug, drop.id);
  };

  const opens = async (dropId: string) =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1 AND action = 'drop.open'`,
        [dropId],
      )
    ).rows[0].n;

  it('a worker stopped across startsAt and restarted after it opens the drop within seconds', async () => {
    // The worker goes down before the drop is scheduled, not after: on a loaded machine,
    // scheduling and then closing took longer than the two seconds to startsAt, and the
    // closing worker opened the drop (CI, 4 December).
    worker = await startWorker();
    await worker.close();
    worker = undefined;
    const drop = await scheduledDrop(2, null);

    // Nobody is there at startsAt: the drop stays scheduled, however long that lasts.
    await sleep(Date.parse(drop.startsAt) - Date.now() + 1000);
    expect(await dropState(db, drop.id)).toBe('scheduled');

    worker = await startWorker();
    await eventually(
      async () => ((await dropState(db, drop.id)) === 'live' ? true : undefined),
      5000,
    );
    expect(await opens(drop.id)).toBe(1);
  });

  it('a drop whose open and close jobs were lost is still opened and closed by the sweep', async () => {
    const drop = await scheduledDrop(1, 2.5);
    const queue = api.get<Queue>(getQueueToken(DROPS_QUEUE));
    for (const jobId of [`drop:${drop.id}:open`, `drop:${drop.id}:close`]) {
      const job = await queue.getJob(jobId);
      expect(job).not.toBeNull();
      await job?.remove();
    }
    await eventually(
      async () => ((await dropState(db, drop.id)) === 'live' ? true : undefined),
      5000,
    );
    await eventually(
      async () => ((await dropState(db, drop.id)) === 'closed' ? true : undefined),
      5000,
    );
    expect(await opens(drop.id)).toBe(1);
  });

  it('the clock opens a drop once however many callers race, and never early or from a stale job', async () => {
    await worker?.close();
    worker = undefined;
    const drop = await scheduledDrop(1.5, null);
    const clock = api.get(DropClock);

    expect(await clock.open(drop.id, drop.startsAt)).toBe('not-due');
    expect(await clock.open(drop.id, new Date(0).toISOString())).toBe('stale');
    expect(await dropState(db, drop.id)).toBe('scheduled');

    await sleep(Date.parse(drop.startsAt) - Date.now() + 200);
    const outcomes = await Promise.all([
      ...Array.from({ length: 6 }, () => clock.open(drop.id, drop.startsAt)),
      clock.sweep().then((r) => (r.opened === 1 ? 'done' : 'nothing-to-do')),
      clock.sweep().then((r) => (r.opened === 1 ? 'done' : 'nothing-to-do')),
    ]);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'done').every((o) => o === 'nothing-to-do')).toBe(true);
    expect(await dropState(db, drop.id)).toBe('live');
    expect(await opens(drop.id)).toBe(1);
  });
});
