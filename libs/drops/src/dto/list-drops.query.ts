import { ITEM_KIND_NAMES, type ItemKindName } from '@limited-run/catalog';
import { PageQuery } from '@limited-run/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DROP_STATES, type DropState } from '../drop.entity';

/** A collective's own drops, drafts included. */
export class ListDropsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DROP_STATES, example: 'draft' })
  @IsOptional()
  @IsIn(DROP_STATES)
  state?: DropState;
}

/** The public catalogue: upcoming and live drops. */
export class PublicDropsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'night-shift', description: "A collective's slug." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  collective?: string;

  @ApiPropertyOptional({
    enum: ITEM_KIND_NAMES,
    example: 'vinyl',
    description: 'Drops with at least one item of this kind.',
  })
  @IsOptional()
  @IsIn(ITEM_KIND_NAMES)
  kind?: ItemKindName;
}
