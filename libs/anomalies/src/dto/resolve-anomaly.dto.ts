import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ResolveAnomalyDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'Refunded by hand in the Stripe dashboard.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}
