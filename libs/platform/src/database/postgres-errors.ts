import { QueryFailedError } from 'typeorm';

export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';
export const FOREIGN_KEY_VIOLATION = '23503';
export const NOT_NULL_VIOLATION = '23502';
export const STATEMENT_TOO_COMPLEX = '54001';

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

/**
 * What a failed statement says about the request that caused it, when the fault is the input's
 * (a value Postgres cannot store, a row that already exists): mapped to a 4xx by the HTTP
 * filter so that a client mistake never becomes a 500. Undefined for everything else.
 */
export function inputFault(
  error: unknown,
): { status: 400 | 409 | 422; code: string; message: string } | undefined {
  const violation = constraintViolation(error);
  if (!violation) return undefined;
  const sqlState = violation.code;
  // Class 22, data exception: out-of-range numbers, NUL bytes, text too long, bad syntax.
  if (sqlState.startsWith('22')) {
    return {
      status: 400,
      code: 'INVALID_VALUE',
      message: 'A value in the request cannot be stored.',
    };
  }
  if (sqlState === UNIQUE_VIOLATION) {
    return { status: 409, code: 'ALREADY_EXISTS', message: 'That already exists.' };
  }
  if (sqlState === FOREIGN_KEY_VIOLATION) {
    return {
      status: 422,
      code: 'REFERENCE_NOT_FOUND',
      message: 'Something the request names does not exist.',
    };
  }
  if (sqlState === CHECK_VIOLATION || sqlState === NOT_NULL_VIOLATION) {
    return {
      status: 422,
      code: 'CONSTRAINT_VIOLATED',
      message: 'The request breaks a rule of the data.',
    };
  }
  // 54001 statement too complex: an input (e.g. a deeply nested JSON value) too deep to handle.
  if (sqlState === STATEMENT_TOO_COMPLEX) {
    return {
      status: 400,
      code: 'INVALID_VALUE',
      message: 'A value in the request is too complex.',
    };
  }
  return undefined;
}
