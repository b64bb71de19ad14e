import { ApiProperty } from '@nestjs/swagger';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '../orders/order.entity';
import type { OrderFulfilmentView, OrderShippingView } from '../orders/order-views';

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export class ShippingAddressResponse {
  @ApiProperty({ type: String, nullable: true, example: 'Mo Rahimi' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Rua do Norte 12' })
  line1: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  line2: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Lisboa' })
  city: string | null;

  @ApiProperty({ type: String, nullable: true, example: '1200-284' })
  postalCode: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  state: string | null;

  @ApiProperty({ example: 'PT', description: 'ISO 3166-1 alpha-2.' })
  country: string;
}

/** What was collected and charged for shipping at checkout; amounts in integer minor units. */
export class OrderShippingResponse {
  @ApiProperty({ type: ShippingAddressResponse, nullable: true })
  address: ShippingAddressResponse | null;

  @ApiProperty({ type: String, nullable: true, example: 'Europe' })
  zoneName: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Standard' })
  rateName: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 650 })
  shippingMinor: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 0,
    description: 'Tax Stripe added (Stripe Tax on); 0 when it is off.',
  })
  taxMinor: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3850,
    description: 'Goods + shipping + tax.',
  })
  totalMinor: number | null;

  static from(view: OrderShippingView): OrderShippingResponse {
    return { ...view, address: view.address ? { ...view.address } : null };
  }
}

export class OrderFulfilmentResponse {
  @ApiProperty({ enum: FULFILMENT_STATUSES, example: 'shipped' })
  status: FulfilmentStatus;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'Pre-release items: the order cannot ship before this day.',
  })
  expectedShipDate: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'CTT' })
  carrier: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'RR123456789PT' })
  trackingNumber: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'https://track.example.com/RR123456789PT' })
  trackingUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  packedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  shippedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  returnedAt: string | null;

  static from(view: OrderFulfilmentView): OrderFulfilmentResponse {
    return {
      status: view.status,
      expectedShipDate: view.expectedShipDate,
      carrier: view.carrier,
      trackingNumber: view.trackingNumber,
      trackingUrl: view.trackingUrl,
      packedAt: iso(view.packedAt),
      shippedAt: iso(view.shippedAt),
      deliveredAt: iso(view.deliveredAt),
      returnedAt: iso(view.returnedAt),
    };
  }
}
