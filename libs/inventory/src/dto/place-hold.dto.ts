import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { HoldStatus } from '../hold.entity';
import type { HoldView } from '../hold-view';

export class PlaceHoldDto {
  @ApiProperty({ format: 'uuid', description: 'A variant on sale in this drop.' })
  @IsCanonicalUuid()
  variantId: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  quantity: number;
}

export class HoldResponse implements HoldView {
  @ApiProperty({ format: 'uuid' })
  holdId: string;

  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiProperty({ enum: ['active', 'converted', 'expired', 'released'] })
  status: HoldStatus;

  @ApiProperty({
    example: '2026-12-01T18:10:00.000Z',
    description: 'Pay before this instant; afterwards the units go back on sale.',
  })
  expiresAt: string;

  @ApiProperty({ example: '2026-12-01T18:00:00.000Z' })
  createdAt: string;
}
