import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('collectives/:collective/drops/:drop')
export class DropOrdersExportController {
  constructor(private readonly orders: OrdersService) {}

  @Get('orders.csv')
  @CollectiveRole('staff')
  @Header('cache-control', 'no-store')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: "The drop's paid orders as CSV, oldest first, streamed.",
    description:
      'One row per order with buyer, variant, quantity, edition numbers and amounts in minor ' +
      'units. Cells a spreadsheet would run as a formula are prefixed with an apostrophe.',
  })
  @ApiOkResponse({ description: 'text/csv; charset=utf-8', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async export(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.orders.paidOrdersCsv(collective, dropId), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="orders-${dropId}.csv"`,
    });
  }
}
