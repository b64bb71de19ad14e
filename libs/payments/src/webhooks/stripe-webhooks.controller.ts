import { Public } from '@limited-run/identity';
import { ErrorBody } from '@limited-run/platform';
import {
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  type RawBodyRequest,
  Req,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PaymentEventsInbox } from '../payment-events.inbox';
import { WebhookReceivedResponse } from './webhook-received.response';

/**
 * Stripe's webhook endpoint. Public (Stripe has no token), so the signature over the raw body
 * is the only credential: it is checked before anything is read or written.
 */
@ApiTags('payments')
@Controller('webhooks')
@Public()
export class StripeWebhooksController {
  constructor(private readonly inbox: PaymentEventsInbox) {}

  @Post('stripe')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Receive a Stripe event (signed); stored once by its id and processed by the worker.',
  })
  @ApiOkResponse({ type: WebhookReceivedResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'WEBHOOK_SIGNATURE_INVALID' })
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookReceivedResponse> {
    return WebhookReceivedResponse.from(await this.inbox.receive(request.rawBody, signature));
  }
}
