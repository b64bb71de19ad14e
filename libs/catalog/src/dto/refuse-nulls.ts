import { RequestValidationError } from '@limited-run/platform';

/**
 * PATCH bodies: class-validator's `@IsOptional` lets `null` through for every field, but only
 * some fields may be cleared. Refuses the others with VALIDATION_FAILED before anything is written.
 */
export function refuseNulls(patch: object, nullable: readonly string[] = []): void {
  const details = Object.entries(patch)
    .filter(([key, value]) => value === null && !nullable.includes(key))
    .map(([key]) => ({ field: key, message: `${key} cannot be null` }));
  if (details.length > 0) throw new RequestValidationError(details);
}
