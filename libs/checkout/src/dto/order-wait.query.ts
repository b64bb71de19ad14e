import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_ORDER_WAIT_SECONDS } from '../orders/settling-orders';

export class OrderWaitQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_ORDER_WAIT_SECONDS,
    default: 0,
    example: 20,
    description:
      'While the order is still settling (awaiting_payment, awaiting_async_payment, ' +
      'refund_pending), wait up to this many seconds for it to move before answering; the ' +
      'answer comes as soon as it moves. 0 answers at once. Use it instead of polling.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ORDER_WAIT_SECONDS)
  wait: number = 0;
}
