import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListOrdersQuery } from '../dto/list-orders.query';
import { OrderListResponse } from '../dto/order.response';
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
}
