import { createHash } from 'node:crypto';

/** The `Idempotency-Key` header's spelling, required on requests that take stock. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A request's hash, stored with its key so that the key reused with another body is refused. */
export const requestHashOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');
