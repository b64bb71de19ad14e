import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ImagesService } from './images.service';

/**
 * Deleting one of a collective's items. The route is media's, not catalog's, because the item's
 * image files go with it, and only media knows where they are.
 */
@ApiTags('catalog')
@Controller('collectives/:collective/items')
export class ItemDeletionController {
  constructor(private readonly images: ImagesService) {}

  @Delete(':item')
  @HttpCode(HttpStatus.NO_CONTENT)
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Delete an item that no drop uses, with its variants and images.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ITEM_IN_DROP (details name the drops)' })
  async remove(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
  ): Promise<void> {
    await this.images.deleteItem(actor, collective, itemId);
  }
}
