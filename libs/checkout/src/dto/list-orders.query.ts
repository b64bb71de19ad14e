import { PageQuery } from '@limited-run/catalog';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../orders/order.entity';

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, example: 'paid' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({
    example: 'cs_test_a1b2c3',
    description: 'Only the order paid through this Stripe Checkout Session.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  checkoutSessionId?: string;
}
