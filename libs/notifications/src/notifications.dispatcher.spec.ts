import { randomUUID } from 'node:crypto';
import Bull, { type Queue } from 'bull';
import { NotificationsDispatcher } from './notifications.dispatcher';
import {
  type DeliverNotificationJob,
  NOTIFICATIONS_QUEUE,
  NotificationJob,
} from './notifications.queue';

// A real Bull queue and worker on the machine's Redis, under a prefix of this run only.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('NotificationsDispatcher.redispatch (the outbox sweep)', () => {
  let queue: Queue<DeliverNotificationJob>;
  let dispatcher: NotificationsDispatcher;
  /** How each run of a delivery job ends, by notification id; and the runs seen. */
  const outcome = new Map<string, 'complete' | 'fail'>();
  const runs: string[] = [];

  beforeAll(async () => {
    queue = new Bull(NOTIFICATIONS_QUEUE, REDIS_URL, { prefix: `lr-spec-${randomUUID()}` });
    dispatcher = new NotificationsDispatcher(queue);
    void queue.process(NotificationJob.Deliver, (job) => {
      runs.push(job.data.notificationId);
      return outcome.get(job.data.notificationId) === 'fail'
        ? Promise.reject(new Error('connection cut'))
        : Promise.resolve('already-done');
    });
    await queue.isReady();
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const runsOf = (id: string) => runs.filter((r) => r === id).length;
  async function until(check: () => Promise<boolean> | boolean): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('condition not reached within 5 s');
  }
  const stateOf = async (id: string) => (await queue.getJob(`deliver:${id}`))?.getState();

  it.each([
    ['completed', 'complete'],
    ['failed', 'fail'],
  ] as const)(
    'runs the job of a row whose job is %s again (a plain dispatch is a no-op then)',
    async (finished, how) => {
      const id = randomUUID();
      outcome.set(id, how);
      await dispatcher.dispatch([id]);
      await until(async () => (await stateOf(id)) === finished);
      expect(runsOf(id)).toBe(1);

      await dispatcher.dispatch([id]);
      expect(await stateOf(id)).toBe(finished);

      await dispatcher.redispatch([id]);
      await until(() => runsOf(id) === 2);
      await until(async () => (await stateOf(id)) === finished);
      expect(runsOf(id)).toBe(2);
    },
  );

  it('runs again the job of a row whose job Bull keeps in none of its lists (stuck)', async () => {
    await queue.pause(true);
    const id = randomUUID();
    await dispatcher.dispatch([id]);
    // The job's hash without its place in a list: what nothing will ever pick up.
    expect(await queue.client.lrem(queue.toKey('wait'), 0, `deliver:${id}`)).toBe(1);
    expect(await stateOf(id)).toBe('stuck');
    await queue.resume(true);

    await dispatcher.dispatch([id]);
    expect(await stateOf(id)).toBe('stuck');

    await dispatcher.redispatch([id]);
    await until(() => runsOf(id) === 1);
    await until(async () => (await stateOf(id)) === 'completed');
  });

  it('adds no second job for a row whose job has not finished', async () => {
    await queue.pause(true);
    const id = randomUUID();
    await dispatcher.dispatch([id]);
    const first = await queue.getJob(`deliver:${id}`);
    await dispatcher.redispatch([id]);
    expect((await queue.getJob(`deliver:${id}`))?.timestamp).toBe(first?.timestamp);
    expect(await queue.getWaitingCount()).toBe(1);
    await queue.resume(true);
    await until(() => runsOf(id) === 1);
  });
});
