import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ClientGone, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderWaitQuery } from '../dto/order-wait.query';
import { OrderListResponse, OrderResponse } from '../dto/order.response';
import { OrdersService } from './orders.service';
import { SettlingOrders } from './settling-orders';

@ApiTags('orders')
@Controller('me/orders')
@SignedIn()
export class MyOrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly settling: SettlingOrders,
  ) {}

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
  @ApiOperation({
    summary: 'One of your orders: its status, edition numbers and hold.',
    description:
      'With `wait`, an order still settling is answered when it moves (or when the wait ends): ' +
      'the return page after Stripe asks once instead of polling.',
  })
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'ORDER_NOT_FOUND (also for others’ orders)',
  })
  async one(
    @CurrentPrincipal() principal: Principal,
    @Param('order', CanonicalUuidPipe) orderId: string,
    @Query() query: OrderWaitQuery,
    @ClientGone() gone: AbortSignal,
  ): Promise<OrderResponse | null> {
    const order = await this.settling.oneForFan(principal.userId, orderId, query.wait, gone);
    // Null: the client left while waiting, so there is no one to answer.
    return order && OrderResponse.from(order);
  }
}
