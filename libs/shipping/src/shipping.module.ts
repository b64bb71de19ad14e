import { AuditModule } from '@limited-run/audit';
import { DropsModule } from '@limited-run/drops';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropShippingProfile } from './drop-shipping-profile.entity';
import { DropShippingProfiles } from './drop-shipping-profiles';
import { ShippingProfile } from './shipping-profile.entity';
import { ShippingService } from './shipping.service';

/** Shipping profiles and prices, without routes: checkout and the worker import this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ShippingProfile, DropShippingProfile]),
    DropsModule,
    AuditModule,
  ],
  providers: [ShippingService, DropShippingProfiles],
  exports: [ShippingService, DropShippingProfiles],
})
export class ShippingModule {}
