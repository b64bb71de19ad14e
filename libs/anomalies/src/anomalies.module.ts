import { AuditModule } from '@limited-run/audit';
import { NotificationsModule } from '@limited-run/notifications';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAnomaliesController } from './admin-anomalies.controller';
import { AnomaliesService } from './anomalies.service';
import { ANOMALIES_QUEUE } from './anomalies.queue';
import { AnomalyAlerts } from './anomaly-alerts';
import { AnomalyEvents } from './anomaly-events';
import { AnomalyReporter } from './anomaly-reporter';
import { AnomalyWebhook } from './anomaly-webhook';
import { Anomaly } from './anomaly.entity';

/**
 * The anomaly list and its alerts. A low-level library: others report into it
 * (`AnomalyReporter`) and it imports none of the domain libraries.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Anomaly]),
    BullModule.registerQueue({ name: ANOMALIES_QUEUE }),
    AuditModule,
    NotificationsModule,
  ],
  providers: [AnomalyReporter, AnomaliesService, AnomalyAlerts, AnomalyEvents, AnomalyWebhook],
  exports: [AnomalyReporter, AnomaliesService, AnomalyAlerts, AnomalyEvents, AnomalyWebhook],
})
export class AnomaliesModule {}

/** The admin routes of the anomaly list, for the API. */
@Module({ imports: [AnomaliesModule], controllers: [AdminAnomaliesController] })
export class AnomaliesHttpModule {}
