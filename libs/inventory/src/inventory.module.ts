import { DropsModule } from '@limited-run/drops';
import { LedgerModule } from '@limited-run/ledger';
import { AdmissionModule } from '@limited-run/admission';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdmissionGate } from './admission/admission-gate';
import { HoldAttempts } from './admission/hold-attempt';
import { InventoryCounters } from './admission/inventory-counters';
import { Reconciliation } from './admission/reconciliation';
import { DropFanUnits } from './drop-fan-units.entity';
import { DropTermsCache } from './drop-terms.cache';
import { Hold } from './hold.entity';
import { HoldGrantBatcher } from './hold-grant-batcher';
import { HoldExpiryScheduler } from './hold-expiry.scheduler';
import { HoldsService } from './holds.service';
import { HOLDS_QUEUE } from './holds.queue';
import { LiveCountersModule } from './live/live-counters.module';
import { HoldEndings } from './movements/hold-endings';
import { HoldGrants } from './movements/hold-grants';
import { HoldSales } from './movements/hold-sales';
import { InventoryMirror } from './movements/inventory-mirror';
import { RefundReturns } from './movements/refund-returns';

/** Holds, the admission gate and their ledger rows, without routes: the worker imports this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Hold, DropFanUnits]),
    LedgerModule,
    BullModule.registerQueue({ name: HOLDS_QUEUE }),
    DropsModule,
    LiveCountersModule,
    AdmissionModule,
  ],
  providers: [
    AdmissionGate,
    HoldAttempts,
    InventoryCounters,
    Reconciliation,
    DropTermsCache,
    HoldExpiryScheduler,
    HoldsService,
    HoldGrantBatcher,
    InventoryMirror,
    HoldGrants,
    HoldSales,
    HoldEndings,
    RefundReturns,
  ],
  exports: [
    HoldsService,
    HoldGrants,
    HoldSales,
    HoldEndings,
    RefundReturns,
    HoldExpiryScheduler,
    Reconciliation,
    InventoryCounters,
    LiveCountersModule,
    // Read (never written) by the monitor, to compare each gate with Postgres.
    AdmissionGate,
  ],
})
export class InventoryModule {}
