/** The `Idempotency-Key` header's spelling, required on requests that take stock. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
