import { PageQuery } from '@limited-run/catalog';
import { INSTANT_PATTERN } from '@limited-run/drops';
import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  FULFILMENT_STATUSES,
  type FulfilmentStatus,
  ORDER_STATUSES,
  type OrderStatus,
} from '../orders/order.entity';

const instant = (field: string) =>
  `${field} must be an ISO 8601 instant with a time zone, e.g. 2026-12-07T18:00:00Z`;

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, example: 'paid' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({
    enum: FULFILMENT_STATUSES,
    example: 'unfulfilled',
    description: 'Only orders in this fulfilment state (combine with status=paid to pack).',
  })
  @IsOptional()
  @IsIn(FULFILMENT_STATUSES)
  fulfilmentStatus?: FulfilmentStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the orders of this drop.' })
  @IsOptional()
  @IsCanonicalUuid()
  dropId?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-07T00:00:00Z',
    description: 'Only orders created at or after this instant.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: instant('from') })
  @Matches(INSTANT_PATTERN, { message: instant('from') })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-08T00:00:00Z',
    description: 'Only orders created before this instant.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: instant('to') })
  @Matches(INSTANT_PATTERN, { message: instant('to') })
  to?: string;

  @ApiPropertyOptional({
    example: 'cs_test_a1b2c3',
    description: 'Only the order paid through this Stripe Checkout Session.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  checkoutSessionId?: string;
}

/** The platform-wide list (admins): the collective's filters plus the collective. */
export class AdminListOrdersQuery extends ListOrdersQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the orders of this collective.' })
  @IsOptional()
  @IsCanonicalUuid()
  collectiveId?: string;
}
