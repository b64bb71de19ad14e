import { VariantsService } from '@limited-run/catalog';
import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { readDropsUsingVariants } from '@limited-run/drops';
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
 * Deleting a collective's items and variants. The routes sit here, above catalog, because a
 * deletion asks drops (which sits above catalog) whether a drop line uses what goes, to name
 * those drops when it refuses; and an item's image files, which only media knows, go with it.
 */
@ApiTags('catalog')
@Controller('collectives/:collective/items')
export class CatalogDeletionsController {
  constructor(
    private readonly images: ImagesService,
    private readonly variants: VariantsService,
  ) {}

  @Delete(':item')
  @HttpCode(HttpStatus.NO_CONTENT)
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Delete an item that no drop uses, with its variants and images.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ITEM_IN_DROP (details name the drops)' })
  async removeItem(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
  ): Promise<void> {
    await this.images.deleteItem(actor, collective, itemId);
  }

  @Delete(':item/variants/:variant')
  @HttpCode(HttpStatus.NO_CONTENT)
  @CollectiveRole('staff')
  @ApiOperation({ summary: 'Delete a variant that no drop uses.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VARIANT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'VARIANT_IN_DROP (details name the drops)' })
  async removeVariant(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Param('variant', CanonicalUuidPipe) variantId: string,
  ): Promise<void> {
    await this.variants.deleteVariant(actor, collective, itemId, variantId, readDropsUsingVariants);
  }
}
