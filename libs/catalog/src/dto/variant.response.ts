import { ApiProperty } from '@nestjs/swagger';
import type { Variant } from '../variant.entity';

export class VariantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  itemId: string;

  @ApiProperty({ example: 'NS-HOOD-BLK-M' })
  sku: string;

  @ApiProperty({ example: 'Hoodie, washed black, M' })
  label: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { size: 'M' } })
  attributes: Record<string, unknown>;

  @ApiProperty({ example: 8500 })
  priceMinor: number;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 150 })
  editionSize: number;

  @ApiProperty({ example: true })
  numbered: boolean;

  @ApiProperty({ example: 60, description: 'Units of the edition allocated to drops.' })
  allocated: number;

  @ApiProperty({ example: 90, description: 'Units still free to allocate to a drop.' })
  unallocated: number;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  updatedAt: string;

  static from(variant: Variant): VariantResponse {
    return {
      id: variant.id,
      itemId: variant.itemId,
      sku: variant.sku,
      label: variant.label,
      attributes: variant.attributes,
      priceMinor: variant.priceMinor,
      currency: variant.currency,
      editionSize: variant.editionSize,
      numbered: variant.numbered,
      allocated: variant.allocated,
      unallocated: variant.editionSize - variant.allocated,
      createdAt: variant.createdAt.toISOString(),
      updatedAt: variant.updatedAt.toISOString(),
    };
  }
}

export class VariantListResponse {
  @ApiProperty({ type: [VariantResponse] })
  variants: VariantResponse[];

  static from(variants: Variant[]): VariantListResponse {
    return { variants: variants.map((v) => VariantResponse.from(v)) };
  }
}
