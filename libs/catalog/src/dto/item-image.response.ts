import { ApiProperty } from '@nestjs/swagger';
import type { ItemImage } from '../item-image.entity';

/** Where the API serves an image's WebP rendition (same origin; immutable, cached for a year). */
export function imageRenditionPath(imageId: string, width: number): string {
  return `/media/images/${imageId}/${width}.webp`;
}

export class ImageRenditionResponse {
  @ApiProperty({ example: 640 })
  width: number;

  @ApiProperty({ example: '/media/images/6f1c…/640.webp' })
  url: string;
}

export class ItemImageResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'The hoodie from the front, washed black' })
  alt: string;

  @ApiProperty({ example: 2400, description: "The original's width in pixels." })
  width: number;

  @ApiProperty({ example: 1600, description: "The original's height in pixels." })
  height: number;

  @ApiProperty({ example: '/media/images/6f1c…/640.webp', description: 'A default rendition.' })
  src: string;

  @ApiProperty({
    type: [ImageRenditionResponse],
    description: 'Every WebP rendition, narrowest first.',
  })
  renditions: ImageRenditionResponse[];

  static from(image: ItemImage): ItemImageResponse {
    const renditions = [...image.renditions]
      .sort((a, b) => a - b)
      .map((width) => ({ width, url: imageRenditionPath(image.id, width) }));
    const middle = renditions.find((r) => r.width >= 640) ?? renditions[renditions.length - 1];
    return {
      id: image.id,
      alt: image.alt,
      width: image.width,
      height: image.height,
      src: middle.url,
      renditions,
    };
  }

  /** An item's images in the collective's order. */
  static list(images: ItemImage[] | undefined): ItemImageResponse[] {
    return [...(images ?? [])]
      .sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime())
      .map((image) => ItemImageResponse.from(image));
  }
}
