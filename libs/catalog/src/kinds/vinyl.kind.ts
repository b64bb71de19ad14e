import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { ItemKind } from './item-kind';

export const VINYL_FORMATS = ['7"', '10"', '12"', 'LP', '2LP'] as const;
/** 33 stands for 33⅓ rpm, as every sleeve prints it. */
export const VINYL_SPEEDS = [33, 45, 78] as const;

export class VinylAttributes {
  @IsIn(VINYL_FORMATS)
  format: (typeof VINYL_FORMATS)[number];

  @IsIn(VINYL_SPEEDS, { message: 'rpm must be one of 33, 45, 78' })
  rpm: (typeof VINYL_SPEEDS)[number];

  @IsOptional()
  @IsString()
  @Length(1, 40)
  catalogueNumber?: string;
}

export class VinylVariantAttributes {
  @IsString()
  @Length(1, 60)
  colourway: string;

  @IsInt()
  @Min(80)
  @Max(250)
  weightGrams: number;

  /** 1 for the first pressing. */
  @IsInt()
  @Min(1)
  pressing: number;
}

export const VINYL: ItemKind = {
  name: 'vinyl',
  description: 'Records: format and speed per item, colourway, weight and pressing per variant.',
  itemAttributes: VinylAttributes,
  variantAttributes: VinylVariantAttributes,
  examples: {
    item: { format: 'LP', rpm: 33, catalogueNumber: 'NS-014' },
    variant: { colourway: 'clear red', weightGrams: 180, pressing: 1 },
  },
};
