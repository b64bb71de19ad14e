import { type Paged, PageInfo, pageInfo, type PageRequest } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';
import type { Item } from '../item.entity';
import type { ItemImage } from '../item-image.entity';
import { ITEM_KIND_NAMES, type ItemKindName } from '../kinds/item-kinds';
import { ItemImageResponse } from './item-image.response';
import { VariantResponse } from './variant.response';
import type { Variant } from '../variant.entity';

export class ItemResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ITEM_KIND_NAMES, example: 'garment' })
  kind: ItemKindName;

  @ApiProperty({ example: 'Night Shift hoodie' })
  title: string;

  @ApiProperty({ example: 'Heavyweight hoodie, screen-printed by hand in Lisbon.' })
  description: string;

  @ApiProperty({ example: ['https://cdn.example.com/ns/hoodie-front.jpg'] })
  mediaUrls: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { colour: 'washed black', material: '100% organic cotton, 450 gsm' },
  })
  attributes: Record<string, unknown>;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: null })
  expectedShipDate: string | null;

  @ApiProperty({ type: [ItemImageResponse], description: 'In the order the collective chose.' })
  images: ItemImageResponse[];

  @ApiProperty({ type: [VariantResponse] })
  variants: VariantResponse[];

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  updatedAt: string;

  static from(item: Item, variants: Variant[], images: ItemImage[] = []): ItemResponse {
    return {
      id: item.id,
      kind: item.kind,
      title: item.title,
      description: item.description,
      mediaUrls: item.mediaUrls,
      attributes: item.attributes,
      expectedShipDate: item.expectedShipDate ?? null,
      images: ItemImageResponse.list(images),
      variants: variants.map((v) => VariantResponse.from(v)),
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
    };
  }
}

export interface ItemWithVariants {
  item: Item;
  variants: Variant[];
  images?: ItemImage[];
}

export class ItemListResponse extends PageInfo {
  @ApiProperty({ type: [ItemResponse] })
  items: ItemResponse[];

  static from(result: Paged<ItemWithVariants>, page: PageRequest): ItemListResponse {
    return {
      items: result.rows.map(({ item, variants, images }) =>
        ItemResponse.from(item, variants, images),
      ),
      ...pageInfo(result, page),
    };
  }
}
