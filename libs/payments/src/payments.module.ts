import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentEventRecord } from './payment-event.entity';
import { PaymentEventsDispatcher } from './payment-events.dispatcher';
import { PaymentEventsInbox } from './payment-events.inbox';
import { PaymentsPort } from './payments.port';
import { RejectedWebhook } from './rejected-webhook.entity';
import { PAYMENTS_QUEUE } from './payments.queue';
import { StripePaymentsAdapter } from './stripe/stripe-payments.adapter';

/** The payments port (Stripe) and the webhook inbox, without routes: the worker imports this. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PaymentEventRecord, RejectedWebhook]),
    BullModule.registerQueue({ name: PAYMENTS_QUEUE }),
  ],
  providers: [
    { provide: PaymentsPort, useClass: StripePaymentsAdapter },
    PaymentEventsDispatcher,
    PaymentEventsInbox,
  ],
  exports: [PaymentsPort, PaymentEventsDispatcher, PaymentEventsInbox],
})
export class PaymentsModule {}
