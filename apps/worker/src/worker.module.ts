import { AdmissionWorkerModule, WAITLIST_QUEUE } from '@limited-run/admission';
import { ANOMALIES_QUEUE, AnomaliesModule } from '@limited-run/anomalies';
import { CheckoutModule } from '@limited-run/checkout';
import { DROPS_QUEUE, DropsModule } from '@limited-run/drops';
import { HOLDS_QUEUE, InventoryModule } from '@limited-run/inventory';
import { MonitoringModule } from '@limited-run/monitoring';
import { NOTIFICATIONS_QUEUE, NotificationsModule } from '@limited-run/notifications';
import { PAYMENTS_QUEUE, PaymentsModule } from '@limited-run/payments';
import { HealthModule, PlatformModule } from '@limited-run/platform';
import { RaffleDrawModule } from '@limited-run/raffles';
import { SecondChanceModule } from '@limited-run/second-chance';
import { Module } from '@nestjs/common';
import { DropScheduleProcessor } from './processors/drop-schedule.processor';
import { AnomalyWebhookProcessor } from './processors/anomaly-webhook.processor';
import { HoldExpiryProcessor } from './processors/hold-expiry.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { PaymentEventsProcessor } from './processors/payment-events.processor';
import { RaffleDrawProcessor } from './processors/raffle-draw.processor';
import { WaitingRoomProcessor } from './processors/waiting-room.processor';
import { WaitlistProcessor } from './processors/waitlist.processor';
import { QueueShutdown, WORKER_QUEUES } from './queue-shutdown';
import { SafetyNets } from './safety-nets';
import { DriftAnomalies } from './drift-anomalies';
import { JobMetrics } from './job-metrics';

const QUEUES = [
  NOTIFICATIONS_QUEUE,
  DROPS_QUEUE,
  HOLDS_QUEUE,
  WAITLIST_QUEUE,
  PAYMENTS_QUEUE,
  ANOMALIES_QUEUE,
];

/** Bull processors only; its HTTP port serves health checks and nothing else. */
@Module({
  imports: [
    PlatformModule.forRoot(),
    HealthModule.forRoot(QUEUES),
    NotificationsModule,
    DropsModule,
    InventoryModule,
    AdmissionWorkerModule,
    RaffleDrawModule,
    SecondChanceModule,
    PaymentsModule,
    CheckoutModule,
    AnomaliesModule,
    MonitoringModule.forWorker(QUEUES),
  ],
  providers: [
    NotificationsProcessor,
    DropScheduleProcessor,
    HoldExpiryProcessor,
    RaffleDrawProcessor,
    WaitingRoomProcessor,
    WaitlistProcessor,
    PaymentEventsProcessor,
    AnomalyWebhookProcessor,
    DriftAnomalies,
    JobMetrics,
    QueueShutdown,
    SafetyNets,
    { provide: WORKER_QUEUES, useValue: QUEUES },
  ],
})
export class WorkerModule {}
