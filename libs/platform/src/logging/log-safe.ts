/**
 * What of an error may reach a log line. A failed statement's error carries its SQL parameters
 * and the driver's `detail` (`Key (email)=(…)`), a Stripe error the request it made; both hold
 * personal data or secrets. We keep the kind, message, stack and machine codes, nothing else.
 */
export interface LogSafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  constraint?: string;
  cause?: LogSafeError;
}

const MAX_CAUSE_DEPTH = 3;

export function logSafeError(error: unknown, depth = 0): LogSafeError {
  // pino-http runs pino's own err serializer before ours (`wrapErrorSerializer`): we are handed
  // its plain copy, which keeps the thrown Error on `raw`. Without this every error line read
  // "non-error thrown" (docs/chaos.md, "What the runs found").
  const raw = (error as { raw?: unknown } | null | undefined)?.raw;
  return reduced(!(error instanceof Error) && raw !== undefined ? raw : error, depth);
}

function reduced(error: unknown, depth: number): LogSafeError {
  if (isLogSafeError(error)) return rescrubbed(error, depth);
  if (!(error instanceof Error)) return { type: typeof error, message: 'non-error thrown' };
  const driver = (error as { driverError?: { code?: unknown; constraint?: unknown } }).driverError;
  const own = error as { code?: unknown; constraint?: unknown; cause?: unknown };
  const code = driver?.code ?? own.code;
  const constraint = driver?.constraint ?? own.constraint;
  return {
    type: error.name,
    message: redactMessage(error.message),
    stack: error.stack ? redactMessage(error.stack) : undefined,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(own.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: logSafeError(own.cause, depth + 1) }
      : {}),
  };
}

/** Already reduced by `logSafeError` (the error filter does it before logging). */
function isLogSafeError(value: unknown): value is LogSafeError {
  if (typeof value !== 'object' || value === null || value instanceof Error) return false;
  const { type, message } = value as { type?: unknown; message?: unknown };
  return typeof type === 'string' && typeof message === 'string';
}

/** Only the safe fields, scrubbed again: what claims to be safe is not trusted to be. */
function rescrubbed(error: LogSafeError, depth: number): LogSafeError {
  return {
    type: error.type,
    message: redactMessage(error.message),
    ...(typeof error.stack === 'string' ? { stack: redactMessage(error.stack) } : {}),
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(typeof error.constraint === 'string' ? { constraint: error.constraint } : {}),
    ...(error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: logSafeError(error.cause, depth + 1) }
      : {}),
  };
}

const EMAIL = /[^\s@"'(),<>]+@[^\s@"'(),<>]+\.[A-Za-z]{2,}/g;
const ARGON_HASH = /\$argon2(id|i|d)\$[^\s"',)]+/g;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const STRIPE_SIGNATURE = /t=\d+,v1=[0-9a-f]+/g;
const BEARER_LIKE = /\b(sk|rk|whsec|pk)_(test|live)?_?[A-Za-z0-9]+/g;

/** Scrubs values that must never be logged from free text (driver messages quote inputs). */
export function redactMessage(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(ARGON_HASH, '[hash]')
    .replace(JWT, '[token]')
    .replace(STRIPE_SIGNATURE, '[signature]')
    .replace(BEARER_LIKE, '[secret]');
}

/** A request URL without its query string: query parameters are never logged. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
