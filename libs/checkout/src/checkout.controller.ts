import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CheckoutService } from './checkout.service';
import { CheckoutResponse } from './dto/checkout.response';

@ApiTags('checkout')
@Controller('drops/:drop/holds/:hold/checkout')
@SignedIn()
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Pay for your hold: a hosted Stripe checkout at the price of the drop line.',
    description:
      'Safe to retry: the same hold always gets the same checkout session. Only the fan who ' +
      'holds the units may call it; anyone else gets HOLD_NOT_FOUND.',
  })
  @ApiCreatedResponse({ type: CheckoutResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'HOLD_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'HOLD_NOT_ACTIVE, HOLD_EXPIRED, CHECKOUT_CLOSED, PAYMENT_IDEMPOTENCY_CONFLICT',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'PAYMENT_REQUEST_REJECTED' })
  @ApiServiceUnavailableResponse({
    type: ErrorBody,
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: retry; the hold is kept and nothing was charged',
  })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('hold', CanonicalUuidPipe) holdId: string,
  ): Promise<CheckoutResponse> {
    return CheckoutResponse.from(await this.checkout.start(principal.userId, dropId, holdId));
  }
}
