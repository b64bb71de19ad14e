import { Public } from '@limited-run/identity';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ItemKindListResponse } from './dto/item-kind.response';

/** The kind registry, for forms generated from it (the console) and for API clients. */
@ApiTags('catalog')
@Controller('item-kinds')
@Public()
export class ItemKindsController {
  @Get()
  // The registry changes only with a deploy.
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: "Every kind of item (garment, vinyl, …) with its attributes' JSON Schemas.",
  })
  @ApiOkResponse({ type: ItemKindListResponse })
  list(): ItemKindListResponse {
    return ItemKindListResponse.all();
  }
}
