import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { DropShippingController } from './drop-shipping.controller';
import { ShippingProfilesController } from './shipping-profiles.controller';
import { ShippingModule } from './shipping.module';

/** Shipping routes, for the API. */
@Module({
  imports: [ShippingModule, CollectivesModule],
  controllers: [ShippingProfilesController, DropShippingController],
})
export class ShippingHttpModule {}
