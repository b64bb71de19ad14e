import { DomainError } from '../errors/domain-error';

export class RateLimitedError extends DomainError {
  /** What the `Retry-After` header says. */
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      'rate_limited',
      `Too many requests; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    );
  }
}

export class RateLimitUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super('RATE_LIMIT_UNAVAILABLE', 'unavailable', 'Try again shortly: the service is degraded.');
    this.cause = cause;
  }
}
