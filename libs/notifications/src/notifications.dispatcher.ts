import { registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import {
  DeliverNotificationJob,
  NOTIFICATIONS_QUEUE,
  NotificationJob,
} from './notifications.queue';

/**
 * Producer of delivery jobs. `NotificationsService.record` queues each row it writes once the
 * row's transaction commits (platform's `afterCommit`); the sweep re-enqueues what was lost.
 */
@Injectable()
export class NotificationsDispatcher {
  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<DeliverNotificationJob>,
  ) {}

  async dispatch(notificationIds: readonly string[]): Promise<void> {
    // jobId = row id: enqueuing the same row twice (sweep + original) yields one job.
    await this.queue.addBulk(
      notificationIds.map((notificationId) => ({
        name: NotificationJob.Deliver,
        data: { notificationId },
        opts: { jobId: deliveryJobId(notificationId) },
      })),
    );
  }

  /**
   * Re-enqueues outbox rows still pending after their job should have sent them. Bull keeps
   * finished jobs (completed or failed) under their id, and `add` with that id is then a no-op,
   * so a row whose job finished without sending it (a worker killed mid-send, its transaction
   * cut) would stay pending for ever: a finished job is removed first. So is a job Bull still
   * stores in none of its lists ("stuck": nothing will ever run it, and it too would make `add`
   * a no-op). A job still waiting, delayed for a retry or running is left alone; it will deliver
   * or fail on its own.
   */
  async redispatch(notificationIds: readonly string[]): Promise<void> {
    for (const notificationId of notificationIds) {
      const job = await this.queue.getJob(deliveryJobId(notificationId));
      if (job && NEVER_RUNS_AGAIN.has(await job.getState())) {
        // Bull reads the state list by list, so a job moving from waiting to active between two
        // reads looks stuck; it holds its lock then, Bull refuses to remove it, and it runs.
        await job.remove().catch(() => undefined);
      }
    }
    await this.dispatch(notificationIds);
  }

  /** The repeatable outbox sweep; registering it on another timing replaces it. */
  async scheduleSweep(timing: SweepTiming): Promise<void> {
    await registerSweep(this.queue, NotificationJob.Sweep, 'notifications-sweep', timing);
  }
}

/** States from which Bull will not run a job again by itself. */
const NEVER_RUNS_AGAIN = new Set<string>(['completed', 'failed', 'stuck']);

const deliveryJobId = (notificationId: string): string => `deliver:${notificationId}`;
