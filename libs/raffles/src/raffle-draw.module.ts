import { AdmissionModule } from '@limited-run/admission';
import { DropsModule } from '@limited-run/drops';
import { InventoryModule } from '@limited-run/inventory';
import { NotificationsModule } from '@limited-run/notifications';
import { Module } from '@nestjs/common';
import { RaffleDraw } from './raffle-draw';
import { RaffleLeftovers } from './raffle-leftovers';
import { RaffleMail } from './raffle-mail';
import { RaffleOffers } from './raffle-offers';
import { RaffleRanking } from './raffle-ranking';
import { RafflesModule } from './raffles.module';

/**
 * What the worker runs of raffles: the draw at the entry cutoff and the pass-down of units
 * down the drawn order. Both grant holds, through the inventory library's `HoldGrants`.
 */
@Module({
  imports: [RafflesModule, AdmissionModule, DropsModule, InventoryModule, NotificationsModule],
  providers: [RaffleDraw, RaffleRanking, RaffleOffers, RaffleMail, RaffleLeftovers],
  exports: [RafflesModule, RaffleDraw],
})
export class RaffleDrawModule {}
