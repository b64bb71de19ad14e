import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelisting, unknown fields refused, payloads transformed into their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
