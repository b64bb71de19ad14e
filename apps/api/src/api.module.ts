import { CatalogHttpModule } from '@limited-run/catalog';
import { CollectivesModule } from '@limited-run/collectives';
import { DROPS_QUEUE, DropsHttpModule } from '@limited-run/drops';
import { IdentityModule } from '@limited-run/identity';
import { NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { HealthModule, PlatformModule, RateLimitModule } from '@limited-run/platform';
import { Module } from '@nestjs/common';

/** The HTTP API: composes bounded-context libraries, owns no domain logic. */
@Module({
  imports: [
    PlatformModule.forRoot(['JWT_SECRET']),
    HealthModule.forRoot([NOTIFICATIONS_QUEUE, DROPS_QUEUE]),
    RateLimitModule,
    IdentityModule,
    CollectivesModule,
    CatalogHttpModule,
    DropsHttpModule,
  ],
})
export class ApiModule {}
