import { applyDecorators, Injectable, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { RequestValidationError } from '../errors/domain-error';

/**
 * The one spelling of a uuid we accept: 8-4-4-4-12 hex digits. Postgres would also take
 * upper case, braces and missing hyphens; letting those through makes one row answer to many
 * strings, and every string that becomes a Redis key or a fingerprint opens its own gate,
 * room or idempotency slot (docs/design.md, invariant 7). Upper case is folded; the rest refused.
 */
const UUID_SPELLING = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The canonical (lower-case) spelling of `value`, or undefined when it is not a uuid. */
export function canonicalUuid(value: unknown): string | undefined {
  return typeof value === 'string' && UUID_SPELLING.test(value) ? value.toLowerCase() : undefined;
}

/**
 * Parses an id route parameter into its canonical spelling before anything (service, key,
 * fingerprint) sees it; anything else is a 400 `VALIDATION_FAILED` naming the parameter.
 */
@Injectable()
export class CanonicalUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: { data?: string }): string {
    const id = canonicalUuid(value);
    if (id === undefined) {
      const field = metadata.data ?? 'id';
      throw new RequestValidationError([{ field, message: `${field} must be a UUID` }]);
    }
    return id;
  }
}

/** A DTO field holding an id: validated as a uuid and stored in its canonical spelling. */
export function IsCanonicalUuid(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => canonicalUuid(value) ?? value),
    Matches(CANONICAL_UUID, { message: ({ property }) => `${property} must be a UUID` }),
  );
}

/** The largest value of a Postgres `integer` column. */
export const PG_INT_MAX = 2_147_483_647;

/**
 * A whole-number path parameter within [min, max] (an `integer` column by default); anything
 * else, `1e20` and `017x` included, is a 400 naming the parameter before any query runs.
 */
export class BoundedIntPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly min = 0,
    private readonly max = PG_INT_MAX,
  ) {}

  transform(value: unknown, metadata: { data?: string }): number {
    // The global validation pipe may already have turned the text into a number (`1e20` too).
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{1,10}$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isInteger(n) || n < this.min || n > this.max) {
      const field = metadata.data ?? 'value';
      throw new RequestValidationError([
        { field, message: `${field} must be a whole number from ${this.min} to ${this.max}` },
      ]);
    }
    return n;
  }
}
