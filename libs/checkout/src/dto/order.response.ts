import { type Paged, PageInfo, pageInfo, type PageRequest } from '@limited-run/catalog';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ORDER_STATUSES,
  type OrderStatus,
  REFUND_REASONS,
  type RefundReason,
} from '../orders/order.entity';
import type { OrderView, PaymentEventView } from '../orders/order-views';
import type { OrderDetail } from '../orders/orders.service';
import type { IssuedSerial } from '../serials/edition-serials';
import { serialLabel } from '../serials/serial-label';
import { OrderFulfilmentResponse, OrderShippingResponse } from './order-shipping.response';

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export class SerialResponse {
  @ApiProperty({ example: 17 })
  serial: number;

  @ApiProperty({ example: 250 })
  editionSize: number;

  @ApiProperty({ example: '#17 of 250' })
  label: string;

  static from(serial: IssuedSerial): SerialResponse {
    return { serial: serial.serial, editionSize: serial.editionSize, label: serialLabel(serial) };
  }
}

class OrderDropResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Afterhours release night' })
  name: string;
}

class OrderItemResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Afterhours LP' })
  title: string;
}

class OrderVariantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'NS-LP-RED' })
  sku: string;

  @ApiProperty({ example: 'Clear red, 180 g' })
  label: string;
}

/** An order as its fan sees it. */
class OrderHoldResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['active', 'released', 'expired', 'converted'], example: 'active' })
  status: string;

  @ApiProperty({ example: '2026-11-20T18:10:00.000Z' })
  expiresAt: string;
}

export class OrderResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'paid' })
  status: OrderStatus;

  @ApiProperty({ type: OrderDropResponse })
  drop: OrderDropResponse;

  @ApiProperty({ type: OrderItemResponse })
  item: OrderItemResponse;

  @ApiProperty({ type: OrderVariantResponse })
  variant: OrderVariantResponse;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiProperty({ example: 3200, description: 'Integer minor units of `currency`.' })
  unitPriceMinor: number;

  @ApiProperty({ example: 3200, description: 'Integer minor units of `currency`.' })
  amountMinor: number;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({
    type: [SerialResponse],
    description: 'Edition numbers of a numbered variant, given when the payment was applied.',
  })
  serials: SerialResponse[];

  @ApiPropertyOptional({ enum: REFUND_REASONS, nullable: true, example: null })
  refundReason: RefundReason | null;

  @ApiProperty({ example: '2026-11-20T18:00:00.000Z' })
  createdAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-20T18:03:12.000Z' })
  paidAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  refundedAt: string | null;

  @ApiProperty({
    type: OrderHoldResponse,
    description: 'The hold the order pays for: while it is active the fan can still pay.',
  })
  hold: OrderHoldResponse;

  @ApiProperty({ type: OrderShippingResponse })
  shipping: OrderShippingResponse;

  @ApiProperty({ type: OrderFulfilmentResponse })
  fulfilment: OrderFulfilmentResponse;

  static from(view: OrderView): OrderResponse {
    return {
      id: view.id,
      status: view.status,
      drop: view.drop,
      item: view.item,
      variant: view.variant,
      quantity: view.quantity,
      unitPriceMinor: view.unitPriceMinor,
      amountMinor: view.amountMinor,
      currency: view.currency,
      serials: view.serials.map((s) => SerialResponse.from(s)),
      refundReason: view.refundReason,
      createdAt: new Date(view.createdAt).toISOString(),
      paidAt: iso(view.paidAt),
      refundedAt: iso(view.refundedAt),
      hold: {
        id: view.hold.id,
        status: view.hold.status,
        expiresAt: new Date(view.hold.expiresAt).toISOString(),
      },
      shipping: OrderShippingResponse.from(view.shipping),
      fulfilment: OrderFulfilmentResponse.from(view.fulfilment),
    };
  }
}

class BuyerResponse {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'mo@example.com' })
  email: string;

  @ApiProperty({ example: 'Mo' })
  displayName: string;
}

/** An order as its collective sees it: with the buyer, to ship it. */
export class CollectiveOrderResponse extends OrderResponse {
  @ApiProperty({ type: BuyerResponse })
  buyer: BuyerResponse;

  static override from(view: OrderView): CollectiveOrderResponse {
    return { ...OrderResponse.from(view), buyer: view.buyer };
  }
}

export class OrderListResponse extends PageInfo {
  @ApiProperty({ type: [OrderResponse] })
  orders: OrderResponse[];

  static from(result: Paged<OrderView>, page: PageRequest): OrderListResponse {
    return {
      orders: result.rows.map((view) => OrderResponse.from(view)),
      ...pageInfo(result, page),
    };
  }
}

export class CollectiveOrderListResponse extends PageInfo {
  @ApiProperty({ type: [CollectiveOrderResponse] })
  orders: CollectiveOrderResponse[];

  static from(result: Paged<OrderView>, page: PageRequest): CollectiveOrderListResponse {
    return {
      orders: result.rows.map((view) => CollectiveOrderResponse.from(view)),
      ...pageInfo(result, page),
    };
  }
}

export class PaymentEventResponse {
  @ApiProperty({ example: 'evt_1Q2w3E' })
  eventId: string;

  @ApiProperty({ example: 'checkout.session.completed' })
  type: string;

  @ApiProperty({ example: '2026-11-20T18:03:12.000Z' })
  receivedAt: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'When it was applied; null while it waits or keeps failing.',
  })
  processedAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'order-paid' })
  outcome: string | null;

  @ApiProperty({ example: 1 })
  attempts: number;

  static from(event: PaymentEventView): PaymentEventResponse {
    return {
      eventId: event.eventId,
      type: event.type,
      receivedAt: new Date(event.receivedAt).toISOString(),
      processedAt: iso(event.processedAt),
      outcome: event.outcome,
      attempts: event.attempts,
    };
  }
}

/** One order for its collective: with the buyer and the provider's events about it. */
export class CollectiveOrderDetailResponse extends CollectiveOrderResponse {
  @ApiProperty({ type: [PaymentEventResponse], description: 'Oldest first.' })
  paymentEvents: PaymentEventResponse[];

  static override from(view: OrderDetail): CollectiveOrderDetailResponse {
    return {
      ...CollectiveOrderResponse.from(view),
      paymentEvents: view.paymentEvents.map((e) => PaymentEventResponse.from(e)),
    };
  }
}

class OrderCollectiveResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'night-shift' })
  slug: string;

  @ApiProperty({ example: 'Night Shift Records' })
  name: string;
}

/** An order across the platform (admins): with its buyer and its collective. */
export class AdminOrderResponse extends CollectiveOrderResponse {
  @ApiProperty({ type: OrderCollectiveResponse })
  collective: OrderCollectiveResponse;

  static override from(view: OrderView): AdminOrderResponse {
    return { ...CollectiveOrderResponse.from(view), collective: view.collective };
  }
}

export class AdminOrderListResponse extends PageInfo {
  @ApiProperty({ type: [AdminOrderResponse] })
  orders: AdminOrderResponse[];

  static from(result: Paged<OrderView>, page: PageRequest): AdminOrderListResponse {
    return {
      orders: result.rows.map((view) => AdminOrderResponse.from(view)),
      ...pageInfo(result, page),
    };
  }
}
