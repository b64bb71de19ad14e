import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsISO4217CurrencyCode,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The largest value a Postgres `integer` holds. */
export const MAX_INT = 2_147_483_647;

export class CreateVariantDto {
  @ApiProperty({ example: 'NS-HOOD-BLK-M', description: 'Unique within the collective.' })
  @IsString()
  @Matches(SKU_PATTERN, {
    message: 'sku must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  sku: string;

  @ApiProperty({ example: 'Hoodie, washed black, M' })
  @IsString()
  @Length(1, 120)
  label: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Validated against the item kind's variant attributes.",
    example: { size: 'M' },
  })
  @IsObject()
  attributes: Record<string, unknown>;

  @ApiProperty({ example: 8500, description: 'Integer minor units of `currency` (8500 = €85.00).' })
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  priceMinor: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code, upper case.' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code' })
  @IsISO4217CurrencyCode({ message: 'currency must be an upper-case ISO 4217 code' })
  currency: string;

  @ApiProperty({ example: 150, minimum: 1, description: 'Units in this edition, ever.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  editionSize: number;

  @ApiPropertyOptional({ example: true, default: false, description: 'Units carry "#17 of 150".' })
  @IsOptional()
  @IsBoolean()
  numbered?: boolean;
}
