import { DropNotFoundError } from '@limited-run/drops';
import { DomainError } from '@limited-run/platform';

export class DropNotLiveError extends DomainError {
  constructor() {
    super('DROP_NOT_LIVE', 'conflict', 'This drop is not on sale right now.');
  }
}

export class SoldOutError extends DomainError {
  constructor() {
    super('SOLD_OUT', 'conflict', 'Sold out: every unit of this variant is held or sold.');
  }
}

export class InsufficientStockError extends DomainError {
  constructor() {
    super('INSUFFICIENT_STOCK', 'conflict', 'Fewer units are left than you asked for.');
  }
}

export class LimitReachedError extends DomainError {
  constructor(limit: number) {
    super('LIMIT_REACHED', 'unprocessable', `This drop allows ${limit} unit(s) per fan.`);
  }
}

export class VariantNotInDropError extends DomainError {
  constructor() {
    super('VARIANT_NOT_IN_DROP', 'not_found', 'This variant is not part of this drop.');
  }
}

/** The hot path's name for drops' one DROP_NOT_FOUND error (kept so holds read as before). */
export const DropNotFoundForHoldError = DropNotFoundError;

export class IdempotencyKeyRequiredError extends DomainError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REQUIRED',
      'invalid',
      'Send an Idempotency-Key header (1-128 letters, digits, "-", "_", ":" or ".") so a retry cannot hold twice.',
    );
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'unprocessable',
      'This Idempotency-Key was used for a different request.',
    );
  }
}

export class IdempotentRequestInProgressError extends DomainError {
  constructor() {
    super(
      'REQUEST_IN_PROGRESS',
      'conflict',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
}

export class HoldNotFoundError extends DomainError {
  constructor() {
    super('HOLD_NOT_FOUND', 'not_found', 'No such hold.');
  }
}

export class HoldNotActiveError extends DomainError {
  constructor(status: string) {
    super('HOLD_NOT_ACTIVE', 'conflict', `This hold is already ${status}.`);
  }
}
