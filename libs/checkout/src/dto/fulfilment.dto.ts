import { NestedEach } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { FULFILMENT_TARGETS, type FulfilmentTarget } from '../fulfilment/fulfilment-rules';

/** Tracking of one parcel; required (the number) when the order becomes `shipped`. */
export class TrackingDto {
  @ApiPropertyOptional({ example: 'CTT' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  carrier?: string;

  @ApiPropertyOptional({ example: 'RR123456789PT', description: 'Required to ship.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  trackingNumber?: string;

  @ApiPropertyOptional({ example: 'https://track.example.com/RR123456789PT' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @Length(1, 500)
  trackingUrl?: string;
}

export class FulfilOrderDto extends TrackingDto {
  @ApiProperty({ enum: FULFILMENT_TARGETS, example: 'shipped' })
  @IsIn(FULFILMENT_TARGETS)
  status: FulfilmentTarget;
}

export class FulfilmentLineDto extends TrackingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orderId: string;
}

/** Many orders to one fulfilment state, each with its own tracking; all of them or none. */
export class FulfilOrdersDto {
  @ApiProperty({ enum: FULFILMENT_TARGETS, example: 'shipped' })
  @IsIn(FULFILMENT_TARGETS)
  status: FulfilmentTarget;

  @ApiProperty({ type: [FulfilmentLineDto], description: 'Up to 500 orders, each listed once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @NestedEach(() => FulfilmentLineDto)
  orders: FulfilmentLineDto[];
}

export class ReturnOrderDto {
  @ApiProperty({ example: true, description: 'Refund the fan in full through Stripe.' })
  @IsBoolean()
  refund: boolean;

  @ApiPropertyOptional({
    example: false,
    description:
      'With refund: true puts the units back on sale in the drop; false keeps them out ' +
      '(damaged, kept back). Required when refund is true.',
  })
  @ValidateIf((dto: ReturnOrderDto) => dto.refund === true)
  @IsBoolean()
  returnUnitsToDrop?: boolean;
}
