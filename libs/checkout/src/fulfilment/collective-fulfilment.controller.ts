import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, RequestValidationError } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CollectiveOrderResponse } from '../dto/order.response';
import {
  FulfilOrderDto,
  FulfilOrdersDto,
  ReturnOrderDto,
  type TrackingDto,
} from '../dto/fulfilment.dto';
import { FulfilmentResultResponse } from '../dto/fulfilment.response';
import { OrdersService } from '../orders/orders.service';
import type { FulfilmentTarget } from './fulfilment-rules';
import { type FulfilmentRequestLine, OrderFulfilment } from './order-fulfilment';
import { OrderReturns } from './order-returns';

const FULFILMENT_CONFLICTS = 'ORDERS_NOT_FULFILLABLE, ORDERS_NOT_YET_SHIPPABLE';

@ApiTags('fulfilment')
@Controller('collectives/:collective/orders')
export class CollectiveFulfilmentController {
  constructor(
    private readonly fulfilment: OrderFulfilment,
    private readonly returns: OrderReturns,
    private readonly orders: OrdersService,
  ) {}

  @Post('fulfilment')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Move many paid orders forward at once (packed, shipped with tracking, delivered).',
    description:
      'All of them or none. An order already in the state with the same tracking is left as it ' +
      'is (changed: false), so a retried request mails nobody twice: the fan is mailed once, ' +
      'when the order becomes shipped. Audited per order.',
  })
  @ApiOkResponse({ type: FulfilmentResultResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ORDER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: FULFILMENT_CONFLICTS })
  async fulfilMany(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Body() body: FulfilOrdersDto,
  ): Promise<FulfilmentResultResponse> {
    const lines = body.orders.map((line, i) =>
      requestLine(line.orderId.toLowerCase(), body.status, line, `orders.${i}`),
    );
    return FulfilmentResultResponse.from(
      await this.fulfilment.advance(actor, collective, body.status, lines),
    );
  }

  @Post(':order/fulfilment')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('staff')
  @ApiParam({ name: 'order', format: 'uuid' })
  @ApiOperation({
    summary: 'Move one paid order forward (packed, shipped with tracking, delivered).',
  })
  @ApiOkResponse({ type: FulfilmentResultResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ORDER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: FULFILMENT_CONFLICTS })
  async fulfilOne(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('order', CanonicalUuidPipe) orderId: string,
    @Body() body: FulfilOrderDto,
  ): Promise<FulfilmentResultResponse> {
    const line = requestLine(orderId, body.status, body, '');
    return FulfilmentResultResponse.from(
      await this.fulfilment.advance(actor, collective, body.status, [line]),
    );
  }

  @Post(':order/return')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('owner')
  @ApiParam({ name: 'order', format: 'uuid' })
  @ApiOperation({
    summary: 'Record a returned parcel (owners), and refund it in full through Stripe if asked.',
    description:
      'With refund, returnUnitsToDrop decides whether the units go back on sale. Repeating ' +
      'the request changes nothing more (a refunded order stays refunded).',
  })
  @ApiOkResponse({ type: CollectiveOrderResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ORDER_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'ORDER_NOT_RETURNABLE, ORDER_NOT_REFUNDABLE',
  })
  async recordReturn(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('order', CanonicalUuidPipe) orderId: string,
    @Body() body: ReturnOrderDto,
  ): Promise<CollectiveOrderResponse> {
    await this.returns.recordReturn(actor, collective, orderId, {
      refund: body.refund,
      returnUnitsToDrop: body.returnUnitsToDrop ?? false,
    });
    return CollectiveOrderResponse.from(await this.orders.oneForCollective(collective, orderId));
  }
}

/** A shipped parcel needs its tracking number: refused as a bad request, not a conflict. */
function requestLine(
  orderId: string,
  status: FulfilmentTarget,
  tracking: TrackingDto,
  field: string,
): FulfilmentRequestLine {
  if (status === 'shipped' && !tracking.trackingNumber) {
    throw new RequestValidationError([
      {
        field: field ? `${field}.trackingNumber` : 'trackingNumber',
        message: 'trackingNumber is required to ship',
      },
    ]);
  }
  return {
    orderId,
    carrier: tracking.carrier ?? null,
    trackingNumber: tracking.trackingNumber ?? null,
    trackingUrl: tracking.trackingUrl ?? null,
  };
}
