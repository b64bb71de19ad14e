/**
 * What kind of failure a domain error is, independent of any transport.
 * The API maps each kind to one HTTP status; a worker decides retry or give-up from it.
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is malformed
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // valid request, clashes with current state (duplicate, wrong lifecycle state)
  | 'unprocessable' // valid shape, breaks a business rule
  | 'too_large' // the request body (an upload) is over its limit
  | 'rate_limited'
  | 'unavailable'; // a dependency we need is down; safe to retry

export interface DomainErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/**
 * Base of every error a library throws on purpose. `code` is stable and machine-readable
 * (`SOLD_OUT`, `EMAIL_TAKEN`); clients switch on it, so never rename one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: DomainErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class RequestValidationError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super('VALIDATION_FAILED', 'invalid', 'The request is invalid.', details);
  }
}
