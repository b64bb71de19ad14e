import { AuditModule } from '@limited-run/audit';
import { CatalogModule } from '@limited-run/catalog';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropAuthoringService } from './drop-authoring.service';
import { DropLineAllocation } from './drop-line-allocation';
import { DropCatalogue } from './drop-catalogue';
import { DropClock } from './drop-clock';
import { DropLine } from './drop-line.entity';
import { DropScheduler } from './drop-scheduler';
import { DropSchedulingService } from './drop-scheduling.service';
import { DropViews } from './drop-views';
import { Drop } from './drop.entity';
import { EditionLedger } from './edition-ledger';
import { DROPS_QUEUE } from './drops.queue';

/** Drops, their lifecycle and schedule, without routes: the worker imports this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Drop, DropLine]),
    BullModule.registerQueue({ name: DROPS_QUEUE }),
    CatalogModule,
    AuditModule,
  ],
  providers: [
    DropAuthoringService,
    DropLineAllocation,
    DropSchedulingService,
    DropClock,
    DropCatalogue,
    DropScheduler,
    DropViews,
    EditionLedger,
  ],
  exports: [
    DropAuthoringService,
    DropSchedulingService,
    DropClock,
    DropCatalogue,
    DropScheduler,
    EditionLedger,
  ],
})
export class DropsModule {}
