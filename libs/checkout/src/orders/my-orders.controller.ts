import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderListResponse, OrderResponse } from '../dto/order.response';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('me/orders')
@SignedIn()
export class MyOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: 'Your orders, newest first, with their edition numbers.' })
  @ApiOkResponse({ type: OrderListResponse })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListOrdersQuery,
  ): Promise<OrderListResponse> {
    return OrderListResponse.from(await this.orders.listForFan(principal.userId, query), query);
  }

  @Get(':order')
  @ApiParam({ name: 'order', format: 'uuid' })
  @ApiOperation({ summary: 'One of your orders: its status, edition numbers and hold.' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'ORDER_NOT_FOUND (also for others’ orders)',
  })
  async one(
    @CurrentPrincipal() principal: Principal,
    @Param('order', CanonicalUuidPipe) orderId: string,
  ): Promise<OrderResponse> {
    return OrderResponse.from(await this.orders.oneForFan(principal.userId, orderId));
  }
}
