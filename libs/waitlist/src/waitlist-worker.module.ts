import { DropsModule } from '@limited-run/drops';
import { NotificationsModule } from '@limited-run/notifications';
import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { type GrantedHold, HOLD_GRANTER, type HoldGranter } from './hold-granter';
import { RaffleDraw } from './raffle/raffle-draw';
import { RoomOpener } from './room/room-opener';
import { RoomTicker } from './room/room-ticker';
import { SecondChance } from './waitlist/second-chance';
import { WaitlistModule } from './waitlist.module';

export interface WaitlistWorkerOptions<H extends GrantedHold> {
  /** The module that exports the granter (the inventory library's `InventoryModule`). */
  imports: ModuleMetadata['imports'];
  /** The provider that grants holds (`HoldsService`); checked against `HoldGranter`. */
  granter: Type<HoldGranter<H>>;
}

/**
 * What the worker runs: raffle draws and pass-downs, second-chance offers (both grant holds),
 * and the waiting rooms' openings and admission ticks. The app names the hold granter, so this
 * library never imports the inventory library.
 */
@Module({})
export class WaitlistWorkerModule {
  static register<H extends GrantedHold>(options: WaitlistWorkerOptions<H>): DynamicModule {
    return {
      module: WaitlistWorkerModule,
      imports: [WaitlistModule, DropsModule, NotificationsModule, ...(options.imports ?? [])],
      providers: [
        { provide: HOLD_GRANTER, useExisting: options.granter },
        RaffleDraw,
        SecondChance,
        RoomOpener,
        RoomTicker,
      ],
      exports: [WaitlistModule, RaffleDraw, SecondChance, RoomOpener, RoomTicker],
    };
  }
}
