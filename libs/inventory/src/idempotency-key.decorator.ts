import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IdempotencyKeyRequiredError } from './inventory.errors';

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The `Idempotency-Key` header, required on requests that take stock. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'idempotency-key'
  ];
  if (typeof value !== 'string' || !KEY.test(value)) throw new IdempotencyKeyRequiredError();
  return value;
});

/**
 * The optional `Admission-Token` header (from a waiting room). Read through a param decorator,
 * like the key above, so the OpenAPI document describes the header once, by its `@ApiHeader`.
 */
export const AdmissionToken = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'admission-token'
  ];
  return typeof value === 'string' ? value : undefined;
});
