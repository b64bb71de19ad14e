import { AdmissionHttpModule, WAITLIST_QUEUE } from '@limited-run/admission';
import { ANOMALIES_QUEUE, AnomaliesHttpModule } from '@limited-run/anomalies';
import { CatalogHttpModule } from '@limited-run/catalog';
import { CheckoutHttpModule } from '@limited-run/checkout';
import { CollectivesModule } from '@limited-run/collectives';
import { DROPS_QUEUE, DropsHttpModule } from '@limited-run/drops';
import { IdentityModule } from '@limited-run/identity';
import { MonitoringModule } from '@limited-run/monitoring';
import { HOLDS_QUEUE, InventoryHttpModule, LiveCountersHttpModule } from '@limited-run/inventory';
import { MediaHttpModule } from '@limited-run/media';
import { NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { PAYMENTS_QUEUE, PaymentsHttpModule } from '@limited-run/payments';
import { RafflesHttpModule } from '@limited-run/raffles';
import { HealthModule, PlatformModule, RateLimitModule } from '@limited-run/platform';
import { ShippingHttpModule } from '@limited-run/shipping';
import { Module } from '@nestjs/common';

const QUEUES = [
  NOTIFICATIONS_QUEUE,
  DROPS_QUEUE,
  HOLDS_QUEUE,
  WAITLIST_QUEUE,
  PAYMENTS_QUEUE,
  ANOMALIES_QUEUE,
];

/** The HTTP API: composes bounded-context libraries, owns no domain logic. */
@Module({
  imports: [
    PlatformModule.forRoot(['JWT_SECRET']),
    HealthModule.forRoot(QUEUES),
    // Access guard before rate limits: per-fan limits count the signed-in user.
    IdentityModule,
    RateLimitModule,
    CollectivesModule,
    CatalogHttpModule,
    MediaHttpModule,
    DropsHttpModule,
    InventoryHttpModule,
    LiveCountersHttpModule,
    AdmissionHttpModule,
    RafflesHttpModule,
    PaymentsHttpModule,
    CheckoutHttpModule,
    ShippingHttpModule,
    AnomaliesHttpModule,
    MonitoringModule.forApi(QUEUES),
  ],
})
export class ApiModule {}
