import { NestedEach } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { ITEM_KIND_NAMES, type ItemKindName } from '../kinds/item-kinds';
import { CreateVariantDto } from './create-variant.dto';

export class CreateItemDto {
  @ApiProperty({ enum: ITEM_KIND_NAMES, example: 'garment' })
  @IsIn(ITEM_KIND_NAMES)
  kind: ItemKindName;

  @ApiProperty({ example: 'Night Shift hoodie' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: 'Heavyweight hoodie, screen-printed by hand in Lisbon.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ example: ['https://cdn.example.com/ns/hoodie-front.jpg'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { each: true })
  mediaUrls?: string[];

  @ApiPropertyOptional({
    type: 'string',
    format: 'date',
    nullable: true,
    example: '2027-02-14',
    description: 'Pre-release items: orders cannot be shipped before this day (null: ships now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Length(10, 10)
  expectedShipDate?: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Validated against the kind's item attributes.",
    example: { colour: 'washed black', material: '100% organic cotton, 450 gsm' },
  })
  @IsObject()
  attributes: Record<string, unknown>;

  @ApiPropertyOptional({ type: [CreateVariantDto], description: 'Variants created with the item.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @NestedEach(() => CreateVariantDto)
  variants?: CreateVariantDto[];
}
