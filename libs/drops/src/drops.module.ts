import { AuditModule } from '@limited-run/audit';
import { CatalogModule } from '@limited-run/catalog';
import { Collective } from '@limited-run/collectives';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropCatalogue } from './drop-catalogue';
import { DropClock } from './drop-clock';
import { DropLine } from './drop-line.entity';
import { DropScheduler } from './drop-scheduler';
import { DropViews } from './drop-views';
import { Drop } from './drop.entity';
import { DropsService } from './drops.service';
import { EditionLedger } from './edition-ledger';
import { DROPS_QUEUE } from './drops.queue';

/** Drops, their lifecycle and schedule, without routes: the worker imports this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Drop, DropLine, Collective]),
    BullModule.registerQueue({ name: DROPS_QUEUE }),
    CatalogModule,
    AuditModule,
  ],
  providers: [DropsService, DropClock, DropCatalogue, DropScheduler, DropViews, EditionLedger],
  exports: [DropsService, DropClock, DropCatalogue, DropScheduler, EditionLedger],
})
export class DropsModule {}
