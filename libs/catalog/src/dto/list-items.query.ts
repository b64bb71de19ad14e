import { PageQuery } from '@limited-run/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ITEM_KIND_NAMES, type ItemKindName } from '../kinds/item-kinds';

export class ListItemsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ITEM_KIND_NAMES, example: 'vinyl' })
  @IsOptional()
  @IsIn(ITEM_KIND_NAMES)
  kind?: ItemKindName;
}
