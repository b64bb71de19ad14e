import { AuditModule } from '@limited-run/audit';
import { NotificationsModule } from '@limited-run/notifications';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminCollectivesController } from './admin-collectives.controller';
import { CollectiveAccess } from './collective-access';
import { CollectiveInvite } from './collective-invite.entity';
import { CollectiveInvitesController } from './collective-invites.controller';
import { CollectiveRoleGuard } from './collective-role.guard';
import { Collective } from './collective.entity';
import { CollectivesController } from './collectives.controller';
import { CollectivesService } from './collectives.service';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';
import { Membership } from './membership.entity';
import { MembershipsService } from './memberships.service';
import { MyCollectivesController } from './my-collectives.controller';

/**
 * Collectives, their members and invites. Libraries with collective-scoped routes import this
 * module for `@CollectiveRole` (its guard needs `CollectiveAccess`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Collective, Membership, CollectiveInvite]),
    AuditModule,
    NotificationsModule,
  ],
  controllers: [
    AdminCollectivesController,
    CollectivesController,
    CollectiveInvitesController,
    InvitesController,
    MyCollectivesController,
  ],
  providers: [
    CollectiveAccess,
    CollectiveRoleGuard,
    CollectivesService,
    MembershipsService,
    InvitesService,
  ],
  exports: [CollectiveAccess, CollectiveRoleGuard],
})
export class CollectivesModule {}
