import { ApiProperty } from '@nestjs/swagger';
import type { PaymentPipelineFigures } from '../payment-pipeline';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export class PaymentEventFiguresResponse {
  @ApiProperty({ description: 'Webhook events stored in the last hour.' })
  receivedLastHour: number;

  @ApiProperty({ description: 'Webhook events stored in the last 24 hours.' })
  receivedLastDay: number;

  @ApiProperty({ description: 'Stored, not yet applied by the worker.' })
  pending: number;

  @ApiProperty({ description: 'Pending events that failed at least once.' })
  failing: number;

  @ApiProperty({ nullable: true, type: String })
  oldestPendingAt: string | null;

  @ApiProperty({ description: 'Age of the oldest pending event in seconds (0 when none).' })
  currentLagSeconds: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean receipt-to-processing time of events processed in the last 15 minutes.',
  })
  recentLagAvgSeconds: number | null;

  @ApiProperty({ nullable: true, type: Number })
  recentLagMaxSeconds: number | null;
}

export class OrderPipelineResponse {
  @ApiProperty()
  awaitingPayment: number;

  @ApiProperty({ description: 'Paid by a delayed method (bank debit): waiting for it to clear.' })
  awaitingAsyncPayment: number;

  @ApiProperty({ nullable: true, type: String })
  oldestAwaitingPaymentAt: string | null;

  @ApiProperty({ description: 'Refund requested, not yet confirmed by Stripe.' })
  refundPending: number;

  @ApiProperty({ description: 'Stripe refused or failed the refund: a person must act.' })
  refundFailed: number;

  @ApiProperty({ description: 'The fan disputed the charge with their bank.' })
  disputed: number;
}

export class PaymentPipelineResponse {
  @ApiProperty({ example: '2026-12-03T18:00:01.000Z' })
  generatedAt: string;

  @ApiProperty({
    type: PaymentEventFiguresResponse,
    nullable: true,
    description: "The webhook inbox; null in a collective's view (events are platform-wide).",
  })
  events: PaymentEventFiguresResponse | null;

  @ApiProperty({ type: OrderPipelineResponse })
  orders: OrderPipelineResponse;

  static from(figures: PaymentPipelineFigures): PaymentPipelineResponse {
    return Object.assign(new PaymentPipelineResponse(), {
      generatedAt: new Date().toISOString(),
      events: figures.events && {
        ...figures.events,
        oldestPendingAt: iso(figures.events.oldestPendingAt),
      },
      orders: {
        ...figures.orders,
        oldestAwaitingPaymentAt: iso(figures.orders.oldestAwaitingPaymentAt),
      },
    });
  }
}
