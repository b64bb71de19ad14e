import { IdentityModule } from '@limited-run/identity';
import { NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { HealthModule, PlatformModule } from '@limited-run/platform';
import { Module } from '@nestjs/common';

/** The HTTP API: composes bounded-context libraries, owns no domain logic. */
@Module({
  imports: [PlatformModule.forRoot(), HealthModule.forRoot([NOTIFICATIONS_QUEUE]), IdentityModule],
})
export class ApiModule {}
