import { MAX_PAGE } from './bounded-json';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `?page=2&pageSize=20`: one-based pages, at most 100 rows each; the one pagination style of every list in the API. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Paged<T> {
  rows: T[];
  total: number;
}

/** Where a page sits in the whole list; every paginated response extends it. */
export class PageInfo {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;

  @ApiProperty({ example: 3, description: 'Rows matching the filter, on all pages.' })
  total: number;
}

export const pageInfo = (result: Paged<unknown>, page: PageRequest): PageInfo => ({
  page: page.page,
  pageSize: page.pageSize,
  total: result.total,
});
