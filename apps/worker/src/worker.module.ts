import { NOTIFICATIONS_QUEUE, NotificationsModule } from '@limited-run/notifications';
import { HealthModule, PlatformModule } from '@limited-run/platform';
import { Module } from '@nestjs/common';
import { NotificationsProcessor } from './processors/notifications.processor';

/** Bull processors only; its HTTP port serves health checks and nothing else. */
@Module({
  imports: [
    PlatformModule.forRoot(),
    HealthModule.forRoot([NOTIFICATIONS_QUEUE]),
    NotificationsModule,
  ],
  providers: [NotificationsProcessor],
})
export class WorkerModule {}
