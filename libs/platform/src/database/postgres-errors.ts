import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';

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

/**
 * SQLSTATEs of a connection the server ended or would not open: class 08 (connection exception),
 * 57P01-57P03 (terminated by an administrator, a crash, the server starting or stopping) and
 * 53300 (too many connections).
 */
const CONNECTION_LOST = /^(08...|57P0[123]|53300)$/;

/**
 * The socket errors node-postgres passes through as the driver error's `code` when the socket
 * under a query fails (e.g. `read ECONNRESET` when the server's end is killed mid-statement).
 */
const SOCKET_LOST = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** What node-postgres says, without a SQLSTATE, when the socket under a query goes away. */
const DRIVER_CONNECTION_LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * True when a statement failed because the connection to Postgres was lost or refused, not
 * because of what it asked: the request may succeed if tried again, so it is a 503, not a 500.
 * TypeORM releases a transaction's runner when its connection errors, so the transaction's next
 * statement fails with `QueryRunnerAlreadyReleasedError`: the same loss, seen one step later.
 */
export function isConnectionLost(error: unknown): boolean {
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: unknown; message?: unknown };
  if (typeof driver.code === 'string') {
    return CONNECTION_LOST.test(driver.code) || SOCKET_LOST.has(driver.code);
  }
  return typeof driver.message === 'string' && DRIVER_CONNECTION_LOST.test(driver.message);
}
