import { AdmissionModule } from '@limited-run/admission';
import { AnomaliesModule } from '@limited-run/anomalies';
import { AuditModule } from '@limited-run/audit';
import { DropsModule } from '@limited-run/drops';
import { InventoryModule } from '@limited-run/inventory';
import { NotificationsModule } from '@limited-run/notifications';
import { PAYMENTS_QUEUE, PaymentsModule } from '@limited-run/payments';
import { RafflesModule } from '@limited-run/raffles';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ShippingModule } from '@limited-run/shipping';
import { OrderFulfilment } from './fulfilment/order-fulfilment';
import { OrderReturns } from './fulfilment/order-returns';
import { PackingLists } from './fulfilment/packing-lists';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DropCancellation } from './cancellation/drop-cancellation';
import { CheckoutService } from './checkout.service';
import { OrderViews } from './orders/order-views';
import { Order } from './orders/order.entity';
import { OrdersService } from './orders/orders.service';
import { ChargeEvents } from './settlement/charge-events';
import { HoldExpiryGuard } from './settlement/hold-expiry-guard';
import { MismatchedPayments } from './settlement/mismatched-payments';
import { OrderPayments } from './settlement/order-payments';
import { PaymentMismatchReporter } from './settlement/payment-mismatch';
import { OrderRefunds } from './settlement/order-refunds';
import { RefundJobs } from './settlement/refund-jobs';
import { EditionSerials } from './serials/edition-serials';
import { OrderSerial } from './serials/order-serial.entity';

/** Checkout, orders, serials and refunds, without routes: the worker imports this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Order, OrderSerial]),
    BullModule.registerQueue({ name: PAYMENTS_QUEUE }),
    PaymentsModule,
    InventoryModule,
    DropsModule,
    AdmissionModule,
    RafflesModule,
    NotificationsModule,
    AuditModule,
    AnomaliesModule,
    ShippingModule,
  ],
  providers: [
    DropCancellation,
    CheckoutService,
    OrderPayments,
    ChargeEvents,
    MismatchedPayments,
    PaymentMismatchReporter,
    OrderRefunds,
    HoldExpiryGuard,
    RefundJobs,
    EditionSerials,
    OrderViews,
    OrdersService,
    OrderFulfilment,
    OrderReturns,
    PackingLists,
  ],
  exports: [
    DropCancellation,
    CheckoutService,
    OrderPayments,
    PaymentMismatchReporter,
    OrderRefunds,
    HoldExpiryGuard,
    RefundJobs,
    OrdersService,
    OrderFulfilment,
    OrderReturns,
    PackingLists,
  ],
})
export class CheckoutModule {}
