import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { PackingScope } from '../fulfilment/packing-lists';

export class PackingQuery {
  @ApiPropertyOptional({
    enum: ['open', 'all'],
    default: 'open',
    description:
      'open: parcels still to send (unfulfilled, packed); all: every paid order not returned.',
  })
  @IsOptional()
  @IsIn(['open', 'all'])
  scope?: PackingScope;
}
