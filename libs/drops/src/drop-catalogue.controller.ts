import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DropCatalogue } from './drop-catalogue';
import { PublicDropListResponse, PublicDropResponse } from './dto/drop.response';
import { PublicDropsQuery } from './dto/list-drops.query';

/**
 * The public catalogue. A drop's page is `/drops/:id` (ids are stable; slugs are only unique
 * within a collective and may still change before the drop goes live).
 */
@ApiTags('catalogue')
@Controller('drops')
@Public()
export class DropCatalogueController {
  constructor(private readonly catalogue: DropCatalogue) {}

  @Get()
  @ApiOperation({
    summary: 'Upcoming and live drops, soonest first; filter by collective and kind.',
  })
  @ApiOkResponse({ type: PublicDropListResponse })
  async list(@Query() query: PublicDropsQuery): Promise<PublicDropListResponse> {
    return PublicDropListResponse.from(await this.catalogue.list(query), query);
  }

  @Get(':drop')
  @ApiParam({ name: 'drop', description: "The drop's id", format: 'uuid' })
  @ApiOperation({
    summary: "A drop's page: lines, prices, units on sale and remaining, state, opening instant.",
  })
  @ApiOkResponse({ type: PublicDropResponse })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'DROP_NOT_FOUND (also for drafts and cancelled drops)',
  })
  async get(@Param('drop', CanonicalUuidPipe) dropId: string): Promise<PublicDropResponse> {
    return PublicDropResponse.from(await this.catalogue.get(dropId));
  }
}
