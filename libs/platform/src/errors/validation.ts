import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { findUnstorableString } from '../http/bounded-json';
import { DomainErrorDetail, RequestValidationError } from './domain-error';

/** Flattens class-validator's tree into one entry per offending field (`lines.0.quantity`). */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent?: string,
): DomainErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: DomainErrorDetail[] = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message,
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/**
 * Refuses a body, query or path value holding a string Postgres cannot store (NUL) or that is
 * not well-formed Unicode (a lone surrogate) before any DTO or service sees it: otherwise it
 * surfaces as a database error, or as a row that cannot be written back out as UTF-8.
 */
class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const field = findUnstorableString(value);
      if (field !== undefined) {
        throw new RequestValidationError([
          { field, message: `${field} contains a NUL character or a lone surrogate` },
        ]);
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Whitelisting, unknown fields refused, payloads transformed into their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new StorableInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
