import { Module } from '@nestjs/common';
import { PaymentsModule } from './payments.module';
import { StripeWebhooksController } from './webhooks/stripe-webhooks.controller';

/** The webhook endpoint, for the API. */
@Module({
  imports: [PaymentsModule],
  controllers: [StripeWebhooksController],
})
export class PaymentsHttpModule {}
