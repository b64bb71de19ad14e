import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DropShippingQuery } from './dto/drop-shipping.query';
import { DropShippingResponse } from './dto/shipping-profile.response';
import { ShippingService } from './shipping.service';

@ApiTags('catalogue')
@Controller('drops')
@Public()
export class DropShippingController {
  constructor(private readonly shipping: ShippingService) {}

  @Get(':drop/shipping')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiOperation({
    summary: "What shipping costs per country for a drop's order, before the fan holds.",
    description:
      'Only the countries listed are accepted at checkout. Amounts are for `quantity` units of ' +
      "`variant` (default: 1 unit of the drop's first line), in integer minor units.",
  })
  @ApiOkResponse({ type: DropShippingResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'DROP_SHIPPING_NOT_SET' })
  async quote(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: DropShippingQuery,
  ): Promise<DropShippingResponse> {
    const quantity = query.quantity ?? 1;
    const quote = await this.shipping.quoteForDrop(dropId, quantity, query.variant?.toLowerCase());
    return DropShippingResponse.from(
      dropId,
      quote.currency,
      quote.quantity,
      quote.variantId,
      quote.options,
    );
  }
}
