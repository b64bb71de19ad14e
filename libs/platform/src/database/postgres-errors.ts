import { QueryFailedError } from 'typeorm';

export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';
export const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE and constraint name of a failed statement, if it was a constraint violation. */
export function constraintViolation(
  error: unknown,
): { code: string; constraint: string | undefined } | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: unknown; constraint?: unknown };
  if (typeof driver.code !== 'string') return undefined;
  return {
    code: driver.code,
    constraint: typeof driver.constraint === 'string' ? driver.constraint : undefined,
  };
}

/** True when Postgres refused a write because of a unique constraint (the named one, if given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const violation = constraintViolation(error);
  return (
    violation?.code === UNIQUE_VIOLATION &&
    (constraint === undefined || violation.constraint === constraint)
  );
}
