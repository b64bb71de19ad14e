import { DomainError } from '@limited-run/platform';

export class AuditCursorInvalidError extends DomainError {
  constructor() {
    super('AUDIT_CURSOR_INVALID', 'invalid', 'The cursor is not one this listing returned.', [
      { field: 'before', message: 'before must be a nextCursor value returned by this listing' },
    ]);
  }
}
