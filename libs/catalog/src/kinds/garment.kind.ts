import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { ItemKind } from './item-kind';

export const GARMENT_SIZES = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', 'ONE_SIZE'] as const;

export class GarmentAttributes {
  @IsString()
  @Length(1, 40)
  colour: string;

  @IsString()
  @Length(1, 120)
  material: string;

  @IsOptional()
  @IsString()
  @Length(1, 40)
  fit?: string;
}

export class GarmentVariantAttributes {
  @IsIn(GARMENT_SIZES)
  size: (typeof GARMENT_SIZES)[number];

  /** Only when this variant's colour differs from the item's. */
  @IsOptional()
  @IsString()
  @Length(1, 40)
  colour?: string;
}

export const GARMENT: ItemKind = {
  name: 'garment',
  description: 'Clothing: colour and material per item, size per variant.',
  itemAttributes: GarmentAttributes,
  variantAttributes: GarmentVariantAttributes,
  examples: {
    item: { colour: 'washed black', material: '100% organic cotton, 450 gsm', fit: 'boxy' },
    variant: { size: 'M' },
  },
};
