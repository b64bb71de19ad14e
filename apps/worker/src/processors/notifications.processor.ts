import {
  DeliverNotificationJob,
  NOTIFICATIONS_QUEUE,
  NotificationJob,
  NotificationsDispatcher,
  NotificationsService,
} from '@limited-run/notifications';
import { OnModuleInit } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

const SWEEP_EVERY_MS = 30_000;
const STALE_AFTER_MS = 60_000;

@Processor(NOTIFICATIONS_QUEUE)
export class NotificationsProcessor implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly dispatcher: NotificationsDispatcher,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.dispatcher.scheduleSweep(SWEEP_EVERY_MS);
  }

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
