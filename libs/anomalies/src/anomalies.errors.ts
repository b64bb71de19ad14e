import { DomainError } from '@limited-run/platform';

export class AnomalyNotFoundError extends DomainError {
  constructor() {
    super('ANOMALY_NOT_FOUND', 'not_found', 'No anomaly has this id.');
  }
}

/** Acknowledging or resolving an anomaly that is already resolved. */
export class AnomalyAlreadyResolvedError extends DomainError {
  constructor() {
    super('ANOMALY_ALREADY_RESOLVED', 'conflict', 'This anomaly is already resolved.');
  }
}

export class AnomalyCursorInvalidError extends DomainError {
  constructor() {
    super('ANOMALY_CURSOR_INVALID', 'invalid', 'The cursor is not one this listing returned.', [
      { field: 'before', message: 'before must be a nextCursor value returned by this listing' },
    ]);
  }
}
