import { Module } from '@nestjs/common';
import { HoldsController } from './holds.controller';
import { InventoryModule } from './inventory.module';

/** The hold routes, for the API. */
@Module({
  imports: [InventoryModule],
  controllers: [HoldsController],
})
export class InventoryHttpModule {}
