import { Roles } from '@limited-run/identity';
import { ErrorBody } from '@limited-run/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminListOrdersQuery } from '../dto/list-orders.query';
import { AdminOrderListResponse } from '../dto/order.response';
import { OrdersService } from './orders.service';

@ApiTags('admin')
@Controller('admin/orders')
@Roles('admin')
export class AdminOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({
    summary: "Every collective's orders, newest first (admins only).",
    description: 'The collective list’s filters plus `collectiveId`.',
  })
  @ApiOkResponse({ type: AdminOrderListResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  async list(@Query() query: AdminListOrdersQuery): Promise<AdminOrderListResponse> {
    return AdminOrderListResponse.from(await this.orders.listForPlatform(query), query);
  }
}
