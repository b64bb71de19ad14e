import { DROPS_QUEUE, DropsModule } from '@limited-run/drops';
import { NOTIFICATIONS_QUEUE, NotificationsModule } from '@limited-run/notifications';
import { HealthModule, PlatformModule } from '@limited-run/platform';
import { Module } from '@nestjs/common';
import { DropScheduleProcessor } from './processors/drop-schedule.processor';
import { NotificationsProcessor } from './processors/notifications.processor';

/** Bull processors only; its HTTP port serves health checks and nothing else. */
@Module({
  imports: [
    PlatformModule.forRoot(),
    HealthModule.forRoot([NOTIFICATIONS_QUEUE, DROPS_QUEUE]),
    NotificationsModule,
    DropsModule,
  ],
  providers: [NotificationsProcessor, DropScheduleProcessor],
})
export class WorkerModule {}
