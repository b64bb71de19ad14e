// The stand-in's shared vocabulary: Stripe-shaped JSON, Stripe's error body, Stripe's ids and
// timestamps.
import { randomBytes } from 'node:crypto';

export type Json = Record<string, unknown>;

/** An error Stripe would answer with: `{error: {type, code, param, message}}`. */
export class StripeStandInError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'api_error' | 'idempotency_error',
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** Refused before any work began: Stripe stores no idempotent result for it. */
    readonly validation = false,
  ) {
    super(message);
  }

  toBody(): Json {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export const stripeId = (prefix: string): string =>
  `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Stripe's 404 for an id it does not know. */
export const missing = (kind: string, id: string, param = 'id'): never => {
  throw new StripeStandInError(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    'resource_missing',
    param,
  );
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Objects leave the stand-in as copies, so a caller's changes never reach its state. */
export const copy = <T>(value: T): T => structuredClone(value);
