import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ITEM_KIND_NAMES, type ItemKindName } from '../kinds/item-kinds';
import { PageQuery } from './page.query';

export class ListItemsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ITEM_KIND_NAMES, example: 'vinyl' })
  @IsOptional()
  @IsIn(ITEM_KIND_NAMES)
  kind?: ItemKindName;
}
