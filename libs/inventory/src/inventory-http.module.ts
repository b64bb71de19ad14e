import { Module } from '@nestjs/common';
import { HoldsController } from './holds.controller';
import { InventoryModule } from './inventory.module';
import { MyHoldsController } from './my-holds.controller';

/** The hold routes, for the API. */
@Module({
  imports: [InventoryModule],
  controllers: [HoldsController, MyHoldsController],
})
export class InventoryHttpModule {}
