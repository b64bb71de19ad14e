import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { DropCancellationController } from './cancellation/drop-cancellation.controller';
import { CheckoutController } from './checkout.controller';
import { CheckoutModule } from './checkout.module';
import { CollectiveFulfilmentController } from './fulfilment/collective-fulfilment.controller';
import { DropPackingController } from './fulfilment/drop-packing.controller';
import { AdminOrdersController } from './orders/admin-orders.controller';
import { CollectiveOrdersController } from './orders/collective-orders.controller';
import { DropOrdersExportController } from './orders/drop-orders-export.controller';
import { MyOrdersController } from './orders/my-orders.controller';
import { SettlingOrders } from './orders/settling-orders';
import { EditionCertificatesController } from './serials/edition-certificates.controller';

/** Checkout and order routes, for the API. */
@Module({
  imports: [CheckoutModule, CollectivesModule],
  controllers: [
    DropCancellationController,
    CheckoutController,
    CollectiveOrdersController,
    DropOrdersExportController,
    AdminOrdersController,
    MyOrdersController,
    EditionCertificatesController,
    CollectiveFulfilmentController,
    DropPackingController,
  ],
  providers: [SettlingOrders],
})
export class CheckoutHttpModule {}
