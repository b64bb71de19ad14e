import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ListOrdersQuery } from '../dto/list-orders.query';
import {
  CollectiveOrderDetailResponse,
  CollectiveOrderListResponse,
  CollectiveOrderResponse,
} from '../dto/order.response';
import { RefundOrderDto } from '../dto/refund-order.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('collectives/:collective/orders')
export class CollectiveOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @CollectiveRole('staff')
  @ApiOperation({
    summary: "The collective's orders, newest first, with their buyers.",
    description: 'Filter by drop, status and creation time (`from` inclusive, `to` exclusive).',
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiOkResponse({ type: CollectiveOrderListResponse })
  async list(
    @CurrentCollective() collective: CollectiveRef,
    @Query() query: ListOrdersQuery,
  ): Promise<CollectiveOrderListResponse> {
    return CollectiveOrderListResponse.from(
      await this.orders.listForCollective(collective, query),
      query,
    );
  }

  @Get(':order')
  @CollectiveRole('staff')
  @ApiParam({ name: 'order', format: 'uuid' })
  @ApiOperation({ summary: 'One order with its buyer, edition numbers and payment events.' })
  @ApiOkResponse({ type: CollectiveOrderDetailResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ORDER_NOT_FOUND' })
  async one(
    @CurrentCollective() collective: CollectiveRef,
    @Param('order', CanonicalUuidPipe) orderId: string,
  ): Promise<CollectiveOrderDetailResponse> {
    return CollectiveOrderDetailResponse.from(
      await this.orders.oneForCollective(collective, orderId),
    );
  }

  @Post(':order/refund')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('owner')
  @ApiParam({ name: 'order', format: 'uuid' })
  @ApiOperation({
    summary: 'Refund a paid order in full through Stripe (owners and admins); audited.',
    description:
      'Answers with the order: `refunded`, or `refund_pending` if Stripe could not be reached ' +
      '(the worker completes it). With returnUnitsToDrop the units go back on sale.',
  })
  @ApiOkResponse({ type: CollectiveOrderResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ORDER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ORDER_NOT_REFUNDABLE' })
  async refund(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('order', CanonicalUuidPipe) orderId: string,
    @Body() body: RefundOrderDto,
  ): Promise<CollectiveOrderResponse> {
    return CollectiveOrderResponse.from(
      await this.orders.refund(actor, collective, orderId, body.returnUnitsToDrop),
    );
  }
}
