import {
  canonicalUuid,
  DomainError,
  type DomainErrorDetail,
  IsCanonicalUuid,
  RequestValidationError,
} from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { HoldStatus } from '../hold.entity';
import type { HoldView } from '../hold-view';
import { IDEMPOTENCY_KEY } from '../idempotency-key';
import { IdempotencyKeyRequiredError } from '../inventory.errors';

export class PlaceHoldDto {
  @ApiProperty({ format: 'uuid', description: 'A variant on sale in this drop.' })
  @IsCanonicalUuid()
  variantId: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  quantity: number;
}

export class HoldResponse implements HoldView {
  @ApiProperty({ format: 'uuid' })
  holdId: string;

  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiProperty({ enum: ['active', 'converted', 'expired', 'released'] })
  status: HoldStatus;

  @ApiProperty({
    example: '2026-12-01T18:10:00.000Z',
    description: 'Pay before this instant; afterwards the units go back on sale.',
  })
  expiresAt: string;

  @ApiProperty({ example: '2026-12-01T18:00:00.000Z' })
  createdAt: string;
}

/** A hold request as the route reads it: the refusal, if any, is decided after the limits. */
export interface ParsedPlaceHold {
  dropId: string;
  idempotencyKey: string;
  input: { variantId: string; quantity: number } | DomainError;
}

/**
 * The checks `CanonicalUuidPipe`, the `Idempotency-Key` rule and `PlaceHoldDto` (through
 * the global ValidationPipe) make, written out for the hot route without class-validator's
 * reflection and class-transformer's copies: the same refusals and messages
 * (place-hold.dto.spec.ts compares them).
 */
export function parsePlaceHold(
  dropParam: unknown,
  keyHeader: unknown,
  body: unknown,
): ParsedPlaceHold {
  const dropId = canonicalUuid(dropParam);
  const idempotencyKey = typeof keyHeader === 'string' ? keyHeader : '';
  const refused = (input: DomainError): ParsedPlaceHold => ({
    dropId: dropId ?? String(dropParam),
    idempotencyKey,
    input,
  });
  if (!dropId) {
    return refused(new RequestValidationError([{ field: 'drop', message: 'drop must be a UUID' }]));
  }
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return refused(new IdempotencyKeyRequiredError());
  const problems = bodyProblems(body);
  if (problems.length > 0) return refused(new RequestValidationError(problems));
  const { variantId, quantity } = body as { variantId: string; quantity: number };
  return { dropId, idempotencyKey, input: { variantId: canonicalUuid(variantId)!, quantity } };
}

function bodyProblems(body: unknown): DomainErrorDetail[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: 'body', message: 'an unknown value was passed to the validate function' }];
  }
  const fields = body as Record<string, unknown>;
  const problems: DomainErrorDetail[] = Object.keys(fields)
    .filter((field) => field !== 'variantId' && field !== 'quantity')
    .map((field) => ({ field, message: `property ${field} should not exist` }));
  if (canonicalUuid(fields.variantId) === undefined) {
    problems.push({ field: 'variantId', message: 'variantId must be a UUID' });
  }
  const { quantity } = fields;
  const isNumber = typeof quantity === 'number';
  if (!(isNumber && quantity <= 10)) {
    problems.push({ field: 'quantity', message: 'quantity must not be greater than 10' });
  }
  if (!(isNumber && quantity >= 1)) {
    problems.push({ field: 'quantity', message: 'quantity must not be less than 1' });
  }
  if (!Number.isInteger(quantity)) {
    problems.push({ field: 'quantity', message: 'quantity must be an integer number' });
  }
  return problems;
}
