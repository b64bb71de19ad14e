import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { PackingQuery } from '../dto/packing.query';
import { PackingLists } from './packing-lists';

const CSV = 'text/csv; charset=utf-8';
const PDF = 'application/pdf';

const file = (body: string | Buffer, type: string, name: string): StreamableFile =>
  new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, {
    type,
    disposition: `attachment; filename="${name}"`,
  });

@ApiTags('fulfilment')
@Controller('collectives/:collective/drops/:drop')
export class DropPackingController {
  constructor(private readonly packing: PackingLists) {}

  @Get('packing-list.csv')
  @CollectiveRole('staff')
  @Header('cache-control', 'no-store')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: "The drop's packing list as CSV: one row per parcel, by variant and edition number.",
  })
  @ApiOkResponse({ description: CSV, schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async packingCsv(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: PackingQuery,
  ): Promise<StreamableFile> {
    const csv = await this.packing.csv(collective, dropId, query.scope ?? 'open');
    return file(csv, CSV, `packing-list-${dropId}.csv`);
  }

  @Get('packing-list.pdf')
  @CollectiveRole('staff')
  @Header('cache-control', 'no-store')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiProduces(PDF)
  @ApiOperation({ summary: "The drop's packing list as a printable PDF (A4)." })
  @ApiOkResponse({ description: PDF, schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async packingPdf(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: PackingQuery,
  ): Promise<StreamableFile> {
    const pdf = await this.packing.pdf(collective, dropId, query.scope ?? 'open');
    return file(pdf, PDF, `packing-list-${dropId}.pdf`);
  }

  @Get('labels.csv')
  @CollectiveRole('staff')
  @Header('cache-control', 'no-store')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The drop's address labels as CSV, in packing-list order." })
  @ApiOkResponse({ description: CSV, schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async labelsCsv(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: PackingQuery,
  ): Promise<StreamableFile> {
    const csv = await this.packing.labelsCsv(collective, dropId, query.scope ?? 'open');
    return file(csv, CSV, `labels-${dropId}.csv`);
  }

  @Get('labels.pdf')
  @CollectiveRole('staff')
  @Header('cache-control', 'no-store')
  @ApiParam({ name: 'drop', format: 'uuid' })
  @ApiProduces(PDF)
  @ApiOperation({ summary: "The drop's address labels as a PDF: 14 per A4 sheet (2 × 7)." })
  @ApiOkResponse({ description: PDF, schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async labelsPdf(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: PackingQuery,
  ): Promise<StreamableFile> {
    const pdf = await this.packing.labelsPdf(collective, dropId, query.scope ?? 'open');
    return file(pdf, PDF, `labels-${dropId}.pdf`);
  }
}
