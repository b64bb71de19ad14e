import { ApiProperty } from '@nestjs/swagger';
import type { CheckoutStarted } from '../checkout.service';

export class CheckoutResponse {
  @ApiProperty({
    example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3',
    description: "Stripe's hosted payment page: send the fan there.",
  })
  checkoutUrl: string;

  @ApiProperty({ example: 'cs_test_a1b2c3' })
  sessionId: string;

  @ApiProperty({ format: 'uuid', description: 'The order this payment is for.' })
  orderId: string;

  @ApiProperty({
    example: '2026-11-20T18:35:00.000Z',
    description:
      "When the payment page closes. The units stay the fan's only until the hold's own expiresAt.",
  })
  expiresAt: string;

  static from(started: CheckoutStarted): CheckoutResponse {
    return {
      checkoutUrl: started.checkoutUrl,
      sessionId: started.sessionId,
      orderId: started.orderId,
      expiresAt: new Date(started.expiresAt).toISOString(),
    };
  }
}
