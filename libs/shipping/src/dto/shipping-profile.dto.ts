import { NestedEach } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

const MAX_MINOR = 100_000_000;

export class ShippingRateDto {
  @ApiProperty({ example: 'Standard', description: 'Shown to the fan at checkout.' })
  @IsString()
  @Length(1, 40)
  name: string;

  @ApiProperty({ example: 500, minimum: 0, description: 'Per order, integer minor units.' })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  flatMinor: number;

  @ApiProperty({ example: 150, minimum: 0, description: 'Per unit, integer minor units.' })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  perUnitMinor: number;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    example: 10000,
    description: 'Goods worth at least this (minor units) ship free; null or absent: never free.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  freeAboveMinor?: number | null;
}

export class ShippingZoneDto {
  @ApiProperty({ example: 'Europe' })
  @IsString()
  @Length(1, 30)
  name: string;

  @ApiProperty({
    example: ['DE', 'FR', 'PT'],
    description: 'ISO 3166-1 alpha-2 codes, upper case; a country belongs to one zone only.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'countries must be upper-case ISO 3166-1 codes' })
  @IsISO31661Alpha2({ each: true })
  countries: string[];

  @ApiProperty({ type: [ShippingRateDto], description: 'At most five rates per profile in all.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @NestedEach(() => ShippingRateDto)
  rates: ShippingRateDto[];
}

/** A whole profile: created, or replaced whole (orders keep what they were charged). */
export class ShippingProfileDto {
  @ApiProperty({ example: 'Records from Lisbon' })
  @IsString()
  @Length(1, 80)
  name: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217, upper case; the drop lines must match.' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code' })
  currency: string;

  @ApiProperty({ type: [ShippingZoneDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @NestedEach(() => ShippingZoneDto)
  zones: ShippingZoneDto[];
}

export class SetDropShippingDto {
  @ApiProperty({ format: 'uuid', description: "One of the collective's shipping profiles." })
  @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'profileId must be a UUID',
  })
  profileId: string;
}
