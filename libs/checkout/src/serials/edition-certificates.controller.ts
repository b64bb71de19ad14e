import { Public } from '@limited-run/identity';
import { BoundedIntPipe, CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { SerialCertificateResponse } from '../dto/certificate.response';
import { OrdersService } from '../orders/orders.service';

@ApiTags('editions')
@Controller('editions/:variant/serials')
@Public()
export class EditionCertificatesController {
  constructor(private readonly orders: OrdersService) {}

  @Get(':serial')
  @ApiParam({ name: 'variant', format: 'uuid', description: 'The edition (variant) id.' })
  @ApiParam({ name: 'serial', example: 17 })
  @ApiOperation({
    summary: 'Certificate of an edition number: issued, to which paid order, never to whom.',
  })
  @ApiOkResponse({ type: SerialCertificateResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'SERIAL_NOT_FOUND' })
  async get(
    @Param('variant', CanonicalUuidPipe) variantId: string,
    @Param('serial', new BoundedIntPipe(1)) serial: number,
  ): Promise<SerialCertificateResponse> {
    return SerialCertificateResponse.from(await this.orders.certificate(variantId, serial));
  }
}
