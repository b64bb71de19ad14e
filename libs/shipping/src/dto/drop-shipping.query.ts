import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class DropShippingQuery {
  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: 100, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  quantity?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Price the goods at this variant's line (for free-above thresholds); default: the drop's first line.",
  })
  @IsOptional()
  @IsUUID()
  variant?: string;
}
