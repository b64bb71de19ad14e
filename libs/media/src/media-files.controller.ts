import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ImagesService } from './images.service';

const RENDITION_FILE = /^([1-9]\d{1,3})\.webp$/;

/** Image files for the storefront and the console, on the API's origin. */
@ApiTags('catalog')
@Controller('media/images')
@Public()
export class MediaFilesController {
  constructor(private readonly images: ImagesService) {}

  @Get(':image/:file')
  @ApiOperation({ summary: 'One WebP rendition of an item image (immutable; cached for a year).' })
  @ApiOkResponse({ description: 'image/webp', content: { 'image/webp': {} } })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'NOT_FOUND' })
  async rendition(
    @Param('image', CanonicalUuidPipe) imageId: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const width = RENDITION_FILE.exec(file)?.[1];
    const body = width ? await this.images.rendition(imageId, Number(width)) : undefined;
    if (!body) throw new NotFoundException('No such image.');
    // A new upload is a new id: these bytes never change, so caches may keep them for good.
    void reply
      .type('image/webp')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('cross-origin-resource-policy', 'same-site');
    return body;
  }
}
