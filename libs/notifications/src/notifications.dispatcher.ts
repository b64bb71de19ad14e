import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import {
  DeliverNotificationJob,
  NOTIFICATIONS_QUEUE,
  NotificationJob,
} from './notifications.queue';

/** Producer: call only after the transaction that wrote the outbox rows has committed. */
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
        opts: { jobId: `deliver:${notificationId}` },
      })),
    );
  }

  /** Schedules the outbox sweep; Bull keeps one repeatable job per key however often this runs. */
  async scheduleSweep(everyMs: number): Promise<void> {
    await this.queue.add(NotificationJob.Sweep, {} as DeliverNotificationJob, {
      repeat: { every: everyMs },
      jobId: 'notifications-sweep',
      removeOnComplete: true,
      removeOnFail: 100,
    });
  }
}
