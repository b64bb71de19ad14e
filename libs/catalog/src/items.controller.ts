import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ItemsService } from './items.service';
import { VariantsService } from './variants.service';
import { CreateItemDto } from './dto/create-item.dto';
import { CreateVariantDto } from './dto/create-variant.dto';
import { ItemListResponse, ItemResponse } from './dto/item.response';
import { ListItemsQuery } from './dto/list-items.query';
import { UpdateItemDto } from './dto/update-item.dto';
import { UpdateVariantDto } from './dto/update-variant.dto';
import { VariantListResponse, VariantResponse } from './dto/variant.response';

const INVALID = 'VALIDATION_FAILED (request shape) or INVALID_ATTRIBUTES (attributes for the kind)';

/**
 * A collective's items and their variants; staff and owners of the collective, and admins.
 * Deleting an item or a variant is media's route (`CatalogDeletionsController`): a deletion
 * asks drops, which sits above catalog, and an item's image files go with it.
 */
@ApiTags('catalog')
@Controller('collectives/:collective/items')
export class ItemsController {
  constructor(
    private readonly items: ItemsService,
    private readonly variants: VariantsService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @CollectiveRole('staff')
  @ApiOperation({ summary: 'Create an item (garment, vinyl, …), optionally with its variants.' })
  @ApiCreatedResponse({ type: ItemResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: INVALID })
  @ApiConflictResponse({ type: ErrorBody, description: 'SKU_TAKEN' })
  async create(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Body() body: CreateItemDto,
  ): Promise<ItemResponse> {
    const { item, variants } = await this.items.createItem(actor, collective, body);
    return ItemResponse.from(item, variants);
  }

  @Get()
  @CollectiveRole('staff')
  @ApiOperation({ summary: "The collective's items with their variants and allocations." })
  @ApiOkResponse({ type: ItemListResponse })
  async list(
    @CurrentCollective() collective: CollectiveRef,
    @Query() query: ListItemsQuery,
  ): Promise<ItemListResponse> {
    return ItemListResponse.from(await this.items.listItems(collective.id, query), query);
  }

  @Get(':item')
  @ApiOperation({ summary: 'One catalogue item of the collective, drafts included (staff).' })
  @CollectiveRole('staff')
  @ApiOkResponse({ type: ItemResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async get(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
  ): Promise<ItemResponse> {
    const { item, variants, images } = await this.items.getItem(collective.id, itemId);
    return ItemResponse.from(item, variants, images);
  }

  @Patch(':item')
  @CollectiveRole('staff')
  @ApiOperation({ summary: 'Change title, description, media or attributes (never the kind).' })
  @ApiOkResponse({ type: ItemResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: INVALID })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async update(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Body() body: UpdateItemDto,
  ): Promise<ItemResponse> {
    const { item, variants, images } = await this.items.updateItem(actor, collective, itemId, body);
    return ItemResponse.from(item, variants, images);
  }

  @Post(':item/variants')
  @HttpCode(HttpStatus.CREATED)
  @CollectiveRole('staff')
  @ApiOperation({ summary: 'Add a variant (an edition of fixed size) to an item.' })
  @ApiCreatedResponse({ type: VariantResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: INVALID })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SKU_TAKEN' })
  async createVariant(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Body() body: CreateVariantDto,
  ): Promise<VariantResponse> {
    return VariantResponse.from(await this.variants.createVariant(actor, collective, itemId, body));
  }

  @Get(':item/variants')
  @ApiOperation({ summary: "List an item's variants (staff)." })
  @CollectiveRole('staff')
  @ApiOkResponse({ type: VariantListResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async listVariants(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
  ): Promise<VariantListResponse> {
    return VariantListResponse.from(await this.variants.listVariants(collective.id, itemId));
  }

  @Get(':item/variants/:variant')
  @ApiOperation({ summary: 'One variant of an item (staff).' })
  @CollectiveRole('staff')
  @ApiOkResponse({ type: VariantResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VARIANT_NOT_FOUND' })
  async getVariant(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Param('variant', CanonicalUuidPipe) variantId: string,
  ): Promise<VariantResponse> {
    return VariantResponse.from(await this.variants.getVariant(collective.id, itemId, variantId));
  }

  @Patch(':item/variants/:variant')
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Change a variant.',
    description:
      'Scheduled and live drops keep the price they were scheduled with. The edition size ' +
      'cannot fall below the units allocated to drops (EDITION_BELOW_ALLOCATED).',
  })
  @ApiOkResponse({ type: VariantResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: INVALID })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'VARIANT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SKU_TAKEN or EDITION_BELOW_ALLOCATED' })
  async updateVariant(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Param('variant', CanonicalUuidPipe) variantId: string,
    @Body() body: UpdateVariantDto,
  ): Promise<VariantResponse> {
    return VariantResponse.from(
      await this.variants.updateVariant(actor, collective, itemId, variantId, body),
    );
  }
}
