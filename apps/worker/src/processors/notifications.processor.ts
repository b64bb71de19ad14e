import {
  DeliverNotificationJob,
  NOTIFICATIONS_QUEUE,
  NotificationJob,
  NotificationsDispatcher,
  NotificationsService,
} from '@limited-run/notifications';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

const STALE_AFTER_MS = 60_000;

/** Sends the outbox's mail; its sweep (registered by `SafetyNets`) re-sends what was lost. */
@Processor(NOTIFICATIONS_QUEUE)
export class NotificationsProcessor {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly dispatcher: NotificationsDispatcher,
  ) {}

  @Process(NotificationJob.Deliver)
  async deliver(job: Job<DeliverNotificationJob>): Promise<string> {
    return this.notifications.deliver(job.data.notificationId);
  }

  @Process(NotificationJob.Sweep)
  async sweep(): Promise<number> {
    const ids = await this.notifications.findStalePending(STALE_AFTER_MS);
    await this.dispatcher.redispatch(ids);
    return ids.length;
  }
}
