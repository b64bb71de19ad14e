import { ApiProperty } from '@nestjs/swagger';
import type { FulfilmentResult } from '../fulfilment/order-fulfilment';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '../orders/order.entity';

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export class FulfilledOrderResponse {
  @ApiProperty({ format: 'uuid' })
  orderId: string;

  @ApiProperty({ enum: FULFILMENT_STATUSES, example: 'shipped' })
  fulfilmentStatus: FulfilmentStatus;

  @ApiProperty({ description: 'False: it already was in this state (a retried request).' })
  changed: boolean;

  @ApiProperty({ type: String, nullable: true })
  carrier: string | null;

  @ApiProperty({ type: String, nullable: true })
  trackingNumber: string | null;

  @ApiProperty({ type: String, nullable: true })
  trackingUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  shippedAt: string | null;

  static from(result: FulfilmentResult): FulfilledOrderResponse {
    const { order } = result;
    return {
      orderId: order.id,
      fulfilmentStatus: order.fulfilmentStatus,
      changed: result.changed,
      carrier: order.carrier,
      trackingNumber: order.trackingNumber,
      trackingUrl: order.trackingUrl,
      shippedAt: iso(order.shippedAt),
    };
  }
}

export class FulfilmentResultResponse {
  @ApiProperty({ type: [FulfilledOrderResponse], description: 'In the order requested.' })
  orders: FulfilledOrderResponse[];

  @ApiProperty({ example: 50, description: 'How many moved with this request.' })
  changed: number;

  static from(results: FulfilmentResult[]): FulfilmentResultResponse {
    return {
      orders: results.map((r) => FulfilledOrderResponse.from(r)),
      changed: results.filter((r) => r.changed).length,
    };
  }
}
