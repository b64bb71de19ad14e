import { AdmissionModule } from '@limited-run/admission';
import { DropsModule } from '@limited-run/drops';
import { InventoryModule } from '@limited-run/inventory';
import { NotificationsModule } from '@limited-run/notifications';
import { Module } from '@nestjs/common';
import { SecondChance } from './second-chance';

/**
 * Second-chance offers after a sellout: holds granted to a waitlist's fans in order. Above the
 * inventory library (it grants holds) and admission (whose waitlist it offers to); the worker
 * runs it.
 */
@Module({
  imports: [AdmissionModule, DropsModule, InventoryModule, NotificationsModule],
  providers: [SecondChance],
  exports: [SecondChance],
})
export class SecondChanceModule {}
