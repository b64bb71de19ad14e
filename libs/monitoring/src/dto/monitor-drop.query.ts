import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class MonitorDropQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3600,
    default: 300,
    description: 'The window of the expiring-holds panel, in seconds.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  expiringWithinSeconds?: number;
}
