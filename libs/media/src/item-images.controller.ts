import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, PlatformConfig } from '@limited-run/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ItemImagesResponse } from './dto/item-images.response';
import { ReorderImagesDto } from './dto/reorder-images.dto';
import { UpdateImageDto } from './dto/update-image.dto';
import { readImageUpload } from './image-upload';
import { ImagesService } from './images.service';

/** An item's images: staff and owners of its collective, and admins. */
@ApiTags('catalog')
@Controller('collectives/:collective/items/:item/images')
export class ItemImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly config: PlatformConfig,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Upload an image (JPEG, PNG, WebP, AVIF, GIF, TIFF, HEIF); stored as WebP renditions.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        alt: { type: 'string', maxLength: 300, description: 'Send before the file.' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: ItemImagesResponse, description: "The item's images, new one last." })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'NOT_AN_IMAGE or IMAGE_UPLOAD_INVALID' })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'IMAGE_TOO_LARGE' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async upload(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Req() request: FastifyRequest,
  ): Promise<ItemImagesResponse> {
    const { file, alt } = await readImageUpload(request, this.config.get('MEDIA_MAX_UPLOAD_BYTES'));
    return { images: await this.images.upload(actor, collective, itemId, file, alt) };
  }

  @Get()
  @CollectiveRole('staff')
  @ApiOperation({ summary: "An item's images in order (staff)." })
  @ApiOkResponse({ type: ItemImagesResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async list(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
  ): Promise<ItemImagesResponse> {
    return { images: await this.images.list(collective.id, itemId) };
  }

  @Put('order')
  @CollectiveRole('staff')
  @ApiOperation({ summary: "Set the order of an item's images (each id once, first first)." })
  @ApiOkResponse({ type: ItemImagesResponse })
  @ApiConflictResponse({ type: ErrorBody, description: 'IMAGE_ORDER_MISMATCH' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND' })
  async reorder(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Body() body: ReorderImagesDto,
  ): Promise<ItemImagesResponse> {
    return { images: await this.images.reorder(collective, itemId, body.imageIds) };
  }

  @Patch(':image')
  @CollectiveRole('staff')
  @ApiOperation({ summary: "Change an image's alt text." })
  @ApiOkResponse({ type: ItemImagesResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND or IMAGE_NOT_FOUND' })
  async update(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Param('image', CanonicalUuidPipe) imageId: string,
    @Body() body: UpdateImageDto,
  ): Promise<ItemImagesResponse> {
    return { images: await this.images.updateAlt(collective, itemId, imageId, body.alt.trim()) };
  }

  @Delete(':image')
  @HttpCode(HttpStatus.NO_CONTENT)
  @CollectiveRole('staff')
  @ApiOperation({ summary: 'Remove an image and its files.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ITEM_NOT_FOUND or IMAGE_NOT_FOUND' })
  async remove(
    @CurrentCollective() collective: CollectiveRef,
    @Param('item', CanonicalUuidPipe) itemId: string,
    @Param('image', CanonicalUuidPipe) imageId: string,
  ): Promise<void> {
    await this.images.remove(collective, itemId, imageId);
  }
}
